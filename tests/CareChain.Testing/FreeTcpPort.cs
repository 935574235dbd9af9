using System.Net;
using System.Net.Sockets;

namespace CareChain.Testing;

/// <summary>TCP ports on the loopback interface that nothing listens on, for servers a test starts.</summary>
public static class FreeTcpPort
{
    /// <summary>
    /// A port the operating system just handed out and released. Another process could take it
    /// before the caller binds it, so callers that can retry on "address in use" should.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
