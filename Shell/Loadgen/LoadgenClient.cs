using System.Net;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Shell.Loadgen;

internal enum ClientState { Negotiating, Up, Failed, Lost }

/// <summary>One simulated client: its UDP port (<see cref="IClientPorts"/>) and where its negotiation stands.</summary>
internal sealed class LoadgenClient(int number, DateTimeOffset started)
{
    /// <summary>A datagram that came to this client's port.</summary>
    public sealed record Received(LoadgenClient Client, IPEndPoint From, byte[] Data);

    public int Number { get; } = number;
    public DateTimeOffset Started { get; } = started;
    public ClientState State { get; set; } = ClientState.Negotiating;
    public IkeSa? Sa { get; set; }

    /// <summary>The last problem the engine's lines showed during the negotiation (a failure's reason).</summary>
    public string? Problem { get; set; }

    public IClientPort? Port { get; private set; }

    public void Open(IClientPorts ports, IPAddress local) => Port = ports.Open(this, local);

    /// <summary>Sends one datagram (with the 4-byte non-ESP marker ahead of IKE to port 4500); a failed send is left to the engine's resends.</summary>
    public void Send(IPEndPoint to, ReadOnlySpan<byte> data, bool marker)
    {
        if (Port is not { } port) return;
        var buffer = new byte[data.Length + (marker ? 4 : 0)];
        data.CopyTo(buffer.AsSpan(marker ? 4 : 0));
        port.Send(to, buffer);
    }

    public void Close() => Port?.Dispose();
}
