using CareChain.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCareChainServer();

var app = builder.Build();
app.MapCareChainEndpoints();
await app.RunAsync();

/// <summary>Entry point, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
