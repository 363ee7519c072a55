using System.Net;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Shell.Tests.Fakes;

/// <summary>A TUN device and an ESP socket that take every packet and give none: a dataplane for show commands to read.</summary>
internal sealed class NullDataplaneEdges : ITunDevice, IEspSocket
{
    public string Name => "asaemu0";
    public int Mtu => 1500;
    public int Read(byte[][] buffers, int[] lengths, CancellationToken cancel) => 0;
    public bool Write(ReadOnlySpan<byte> packet) => true;
    public bool Send(IPAddress local, SocketAddress peer, ReadOnlySpan<byte> esp, bool dontFragment) => true;
    public void Dispose() { }
}
