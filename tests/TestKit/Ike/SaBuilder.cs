using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.TestKit.Ike;

/// <summary>
/// An IPsec SA pair as the IKE engine would hand it over (<see cref="ChildSa"/>, 19 fields), from the few
/// a test cares about: <c>new SaBuilder { Remote = "10.10.10.1", NatT = false }.Build()</c>. Keys are
/// deterministic, derived from <see cref="N"/>; <see cref="PeerView"/> is the client's side of the pair.
/// </summary>
public sealed record SaBuilder
{
    /// <summary>Tells SAs of one test apart: SPIs 0x1000+N (inbound) and 0x2000+N (outbound), and the keys.</summary>
    public int N { get; init; } = 1;
    public uint? InboundSpi { get; init; }
    public uint? OutboundSpi { get; init; }
    public EspTransform Transform { get; init; } = new(EspKeySizes.EspAes, 128, EspKeySizes.HmacSha1, "ESP-TEST");
    public string Local { get; init; } = "198.18.0.1";
    public string Peer { get; init; } = "198.18.0.2";
    /// <summary>ESP in UDP 4500 (RFC 3948); else IP protocol 50.</summary>
    public bool NatT { get; init; } = true;
    public int? LocalPort { get; init; }
    public int? PeerPort { get; init; }
    /// <summary>The client's address (its inner address, from the pool).</summary>
    public string Remote { get; init; } = "198.19.0.10";
    public long LifetimeSeconds { get; init; } = 28800;
    public long? LifetimeKilobytes { get; init; } = 4608000;
    public string CryptoMap { get; init; } = "SYSTEM_DEFAULT_CRYPTO_MAP";
    public int Sequence { get; init; } = 65535;
    public bool ReverseRoute { get; init; } = true;
    public string? TunnelGroup { get; init; } = "EZ";
    public string? Username { get; init; } = "cisco";
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UnixEpoch;
    public ulong IkeCookieI { get; init; } = 0x1122334455667788UL;
    public int? PfsGroup { get; init; }

    public ChildSa Build()
    {
        EspKeySizes.TryGet(Transform.TransformId, Transform.KeyBits, Transform.Authentication, out var encLength, out var intLength);
        var inbound = new SaKeys(InboundSpi ?? (uint)(0x1000 + N), Key(encLength, 1 + N), Key(intLength, 101 + N));
        var outbound = new SaKeys(OutboundSpi ?? (uint)(0x2000 + N), Key(encLength, 51 + N), Key(intLength, 151 + N));
        return new ChildSa(IkeCookieI, new ChildSaKeys(inbound, outbound), Transform,
            new IPEndPoint(IPAddress.Parse(Local), LocalPort ?? (NatT ? 4500 : 0)), new IPEndPoint(IPAddress.Parse(Peer), PeerPort ?? (NatT ? 4500 : 0)), NatT,
            Ipv4.Parse(Remote), Ipv4.HostMask, Ipv4.Any, Ipv4.Any, LifetimeSeconds, LifetimeKilobytes, CryptoMap, Sequence, ReverseRoute,
            TunnelGroup, Username, Created, PfsGroup);
    }

    /// <summary>The peer's view of a pair: our outbound keys are its inbound ones.</summary>
    public static ChildSa PeerView(ChildSa ours) => ours with { Keys = new ChildSaKeys(ours.Keys.Outbound, ours.Keys.Inbound) };

    private static byte[] Key(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(seed * 7 + i * 13))];
}
