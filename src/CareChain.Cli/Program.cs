using CareChain.Cli;

return await CliApplication.RunAsync(args, CliEnvironment.FromConsole());
