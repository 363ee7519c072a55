using System.Buffers.Binary;
using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// What happens to a clear packet on its way into a tunnel, per the outside interface's MTU,
/// <c>crypto ipsec df-bit</c> and <c>crypto ipsec fragmentation</c>: sent whole when its ESP packet
/// fits; answered with ICMP fragmentation-needed when its DF bit forbids fragmenting it; else
/// fragmented before encryption (RFC 791), or encrypted whole and left to the outside to fragment.
/// </summary>
public sealed partial class EspDataplane
{
    /// <summary>ICMP errors to inside senders at most per second, all SAs together.</summary>
    public const int IcmpErrorsPerSecond = 100;

    /// <summary>Where the running config is read from (null: the ASA defaults, MTU 1500, copy-df, before-encryption).</summary>
    public Func<AsaConfig>? Config { get; init; }

    private readonly IcmpRateLimit _icmpLimit = new(IcmpErrorsPerSecond);
    private PathCache? _path;

    /// <summary>The fragment being encrypted, one per packet thread (a fragment is at most 64 KiB).</summary>
    [ThreadStatic] private static byte[]? t_fragment;

    private sealed record PathCache(AsaConfig? Config, IPAddress Local, IpsecPathPolicy Policy);

    /// <summary>
    /// The MTU, DF policy and fragmentation of the interface <paramref name="sa"/> sends from, under
    /// the current config; looked up again only when the config snapshot or the local address changes.
    /// </summary>
    public IpsecPathPolicy PathPolicyFor(IpsecSa sa)
    {
        var config = Config?.Invoke();
        var local = sa.Child.Local.Address;
        var cached = Volatile.Read(ref _path);
        if (cached is not null && ReferenceEquals(cached.Config, config) && cached.Local.Equals(local)) return cached.Policy;
        var policy = config is null ? IpsecPathPolicy.Default
            : config.IpsecPathPolicyFor(new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(local.GetAddressBytes())));
        Volatile.Write(ref _path, new PathCache(config, local, policy));
        return policy;
    }

    /// <summary>The largest clear packet <paramref name="sa"/> carries unfragmented through its outside interface.</summary>
    public int MaxInnerLength(IpsecSa sa) => MaxInnerLength(sa, PathPolicyFor(sa));

    /// <summary>The same under <paramref name="policy"/>, over the path MTU the SA learned when it is lower than the interface's.</summary>
    private static int MaxInnerLength(IpsecSa sa, IpsecPathPolicy policy) =>
        Fragmentation.MaxInnerLength(sa.Outbound, sa.InUdp, sa.PathMtu.Mtu(policy.Mtu));

    /// <summary>
    /// An ICMP fragmentation-needed from the outside about ESP sent to <see cref="PathMtuReport.Peer"/>
    /// (RFC 1191): the SA it quotes (every SA to that peer when it quotes no SPI) counts it
    /// (<c>#PMTUs rcvd</c>) and from then on fragments for the lower MTU. Called by the socket loops.
    /// </summary>
    public void PathMtuReported(PathMtuReport report)
    {
        foreach (var sa in Sas.All)
        {
            if (!sa.Child.Peer.Address.Equals(report.Peer) || report.Spi is { } spi && spi != sa.Child.OutboundSpi) continue;
            Interlocked.Increment(ref sa.Counters.PmtusReceived);
            sa.PathMtu.Lower(report.Mtu);
        }
    }

    private void SendThroughTunnel(IpsecSa sa, ReadOnlySpan<byte> packet, byte[] output)
    {
        var policy = PathPolicyFor(sa);
        var maxInner = MaxInnerLength(sa, policy);
        var innerDontFragment = Ipv4Header.DontFragment(packet);
        if (packet.Length <= maxInner)
        {
            Encrypt(sa, packet, OuterDontFragment(policy, packet), output);
        }
        else if (innerDontFragment && policy.DfBit != DfBitPolicy.ClearDf)
            AnswerTooBig(sa, packet, maxInner, output);
        else if (policy.FragmentBeforeEncryption)
            PreFragment(sa, packet, maxInner, policy.DfBit == DfBitPolicy.SetDf, output);
        else
            Encrypt(sa, packet, dontFragment: false, output); // after-encryption: the outer packet is fragmented
    }

    /// <summary>The outer DF bit of a packet sent whole: set by set-df, cleared by clear-df, the inner one's under copy-df.</summary>
    private static bool OuterDontFragment(IpsecPathPolicy policy, ReadOnlySpan<byte> inner) =>
        policy.DfBit switch { DfBitPolicy.SetDf => true, DfBitPolicy.ClearDf => false, _ => Ipv4Header.DontFragment(inner) };

    /// <summary>Encapsulates one packet and sends it; false (counted) when it could not go.</summary>
    private bool Encrypt(IpsecSa sa, ReadOnlySpan<byte> inner, bool dontFragment, byte[] output)
    {
        var length = sa.Encapsulate(inner, _random, output, 0, out _);
        if (length < 0) return false;
        if (_outside.Send(sa.Carrier, sa.Datagram(output, length, dontFragment))) return true;
        sa.CountSendError();
        return false;
    }

    /// <summary>Cuts the packet into fragments whose ESP packets fit, and encrypts and sends each.</summary>
    private void PreFragment(IpsecSa sa, ReadOnlySpan<byte> packet, int maxInner, bool dontFragment, byte[] output)
    {
        if (!Ipv4Header.IsValid(packet) || !Fragmentation.CanFragment(packet, maxInner))
        {
            Interlocked.Increment(ref sa.Counters.PreFragFailures);
            return;
        }
        var fragment = t_fragment ??= new byte[ushort.MaxValue + 1];
        var dataOffset = 0;
        var sent = 0;
        while (dataOffset >= 0)
        {
            var length = Fragmentation.WriteFragment(packet, dataOffset, maxInner, fragment, out dataOffset);
            if (!Encrypt(sa, fragment.AsSpan(0, length), dontFragment, output))
            {
                Interlocked.Increment(ref sa.Counters.PreFragFailures);
                Interlocked.Add(ref sa.Counters.FragmentsCreated, sent);
                return;
            }
            sent++;
        }
        Interlocked.Increment(ref sa.Counters.PreFragSuccesses);
        Interlocked.Add(ref sa.Counters.FragmentsCreated, sent);
    }

    /// <summary>
    /// Drops a packet whose DF bit forbids fragmenting it and tells its sender the size that fits
    /// (RFC 1191), into the TUN device; no ICMP error answers an ICMP error (RFC 1122 §3.2.2), and
    /// a flood gets at most <see cref="IcmpErrorsPerSecond"/> answers.
    /// </summary>
    private void AnswerTooBig(IpsecSa sa, ReadOnlySpan<byte> packet, int maxInner, byte[] output)
    {
        if (!Ipv4Header.IsValid(packet) || !IcmpFragmentationNeeded.MayAnswer(packet) || !_icmpLimit.TryTake(Milliseconds))
        {
            Interlocked.Increment(ref sa.Counters.PreFragFailures);
            return;
        }
        // 68 is the smallest MTU every IPv4 link must carry (RFC 791); a host ignores less.
        var length = IcmpFragmentationNeeded.Write(packet, Math.Max(maxInner, 68), output);
        if (_tun.Write(output.AsSpan(0, length))) Interlocked.Increment(ref sa.Counters.PmtusSent);
        else Interlocked.Increment(ref Counters.TunWriteErrors);
    }
}
