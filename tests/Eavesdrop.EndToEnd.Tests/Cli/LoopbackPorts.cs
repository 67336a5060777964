using System.Net;
using System.Net.Sockets;

namespace Eavesdrop.EndToEnd.Tests.Cli;

/// <summary>Free loopback ports and whether anything listens on one.</summary>
internal static class LoopbackPorts
{
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
