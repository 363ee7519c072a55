using System.Collections.Concurrent;
using System.Net;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Tests.Fakes;

/// <summary>Collects the ESP packets the dataplane sends; can be told to fail or throw.</summary>
internal sealed class FakeEspSocket : IEspSocket
{
    public ConcurrentQueue<(IPAddress Local, IPEndPoint Peer, byte[] Esp)> Sent { get; } = new();
    /// <summary>The outer DF bit asked for with each packet in <see cref="Sent"/>, in order.</summary>
    public ConcurrentQueue<bool> DontFragment { get; } = new();
    public bool Fail { get; set; }
    public bool Throw { get; set; }

    /// <summary>Calls of <see cref="Send"/> (counted from 0) that fail.</summary>
    public HashSet<int> FailCalls { get; } = [];

    private int _calls;

    public bool Send(IPAddress local, SocketAddress peer, ReadOnlySpan<byte> esp, bool dontFragment)
    {
        if (Throw) throw new InvalidOperationException("socket exploded");
        if (Fail || FailCalls.Contains(_calls++)) return false;
        Sent.Enqueue((local, (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(peer), esp.ToArray()));
        DontFragment.Enqueue(dontFragment);
        return true;
    }
}

/// <summary>Host routes kept in a set.</summary>
internal sealed class FakeRoutes : IRouteTable
{
    public HashSet<string> Routes { get; } = [];
    public bool Fail { get; set; }

    public void AddHostRoute(string device, uint address)
    {
        if (Fail) throw new IOException("RTNETLINK answers: Operation not permitted");
        lock (Routes) Routes.Add($"{new AsaEmu.ConfigModel.Model.Ipv4(address)}/32 dev {device}");
    }

    public void RemoveHostRoute(string device, uint address)
    {
        lock (Routes) Routes.Remove($"{new AsaEmu.ConfigModel.Model.Ipv4(address)}/32 dev {device}");
    }

    public void AddNetworkRoute(string device, uint network, int prefixLength)
    {
        if (Fail) throw new IOException("RTNETLINK answers: Operation not permitted");
        lock (Routes) Routes.Add($"{new AsaEmu.ConfigModel.Model.Ipv4(network)}/{prefixLength} dev {device}");
    }

    public void RemoveNetworkRoute(string device, uint network, int prefixLength)
    {
        lock (Routes) Routes.Remove($"{new AsaEmu.ConfigModel.Model.Ipv4(network)}/{prefixLength} dev {device}");
    }
}
