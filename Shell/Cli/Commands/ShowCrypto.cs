using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The VPN show commands, from the IKE engine's state (reference §3.1, §3.2, §3.4):
/// <c>show crypto isakmp sa [detail]</c>, <c>show crypto isakmp stats</c>, <c>show crypto isakmp policy</c>,
/// <c>show crypto ipsec sa [peer ADDR] [detail]</c>, <c>show vpn-sessiondb ...</c>.
/// </summary>
public sealed class ShowCryptoCommands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["crypto"] = "Show crypto information",
        ["isakmp"] = "Show ISAKMP information",
        ["ikev1"] = "Show IKEv1 information",
        ["ipsec"] = "Show IPsec information",
        ["sa"] = "Show security associations",
        ["stats"] = "Show global IKE statistics",
        ["detail"] = "Show detailed information",
        ["peer"] = "Show IPsec SAs for a peer",
        ["policy"] = "Show IKEv1 policies",
        ["vpn-sessiondb"] = "Show VPN Session information",
        ["remote"] = "Show IPsec remote access sessions",
        ["ra-ikev1-ipsec"] = "Show IKEv1 IPsec remote access sessions",
    };

    public void Register(ExecGrammar g)
    {
        foreach (var prefix in new[] { "show crypto", "show" })
        {
            g.Add(ExecScope.Privileged | ExecScope.Config, $"{prefix} (isakmp|ikev1) sa [detail]", c => Write(c, IsakmpSa(Status(c), c.Appliance.Config, c.Args.Has("detail"), c.Appliance.Clock.Now)), help: Help);
            g.Add(ExecScope.Privileged | ExecScope.Config, $"{prefix} (isakmp|ikev1) stats", c => Write(c, IsakmpStats(Status(c))), help: Help);
            g.Add(ExecScope.Privileged | ExecScope.Config, $"{prefix} (isakmp|ikev1) policy", c => Write(c, IkePolicyTable.Render(c.Appliance.Config)), help: Help);
            foreach (var filter in new[] { "", " peer <ip:peer>" })
                g.Add(ExecScope.Privileged | ExecScope.Config, $"{prefix} ipsec sa{filter} [detail]",
                    c => Write(c, IpsecSa(Status(c), c.Appliance.Config, c.Appliance.Clock.Now, Counters(c), c.Args.Has("detail"), c.Args.Has("peer") ? c.Args.Ip("peer") : (Ipv4?)null)), help: Help);
        }
    }

    internal static IkeStatus Status(ExecContext c) => c.Appliance.Ike?.Status ?? IkeStatus.Empty;

    /// <summary>An SA's live counters, replay bitmap and ESP overhead from the dataplane, by inbound SPI.</summary>
    internal static Func<uint, LiveSa?> Counters(ExecContext c) => spi =>
        c.Appliance.Esp?.Dataplane.Sas.TryGetByInboundSpi(spi, out var sa) == true ? LiveSa.Of(sa) : null;

    /// <summary>
    /// What the dataplane knows of an installed SA pair: counters, replay bitmap, ESP overhead, and the
    /// path MTU ICMP taught it (null while none did).
    /// </summary>
    public sealed record LiveSa(SaCountersSnapshot Counters, string Bitmap, int Overhead, int? PathMtu)
    {
        public static LiveSa Of(IpsecSa sa) =>
            new(sa.Counters.Snapshot(), sa.ReplayBitmapText, Fragmentation.Overhead(sa.Outbound, sa.InUdp), sa.PathMtu.Learned);
    }

    private static Task Write(ExecContext c, IEnumerable<string> lines)
    {
        c.WriteLines(lines);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether an IKE SA is a LAN-to-LAN tunnel: its tunnel-group is of type <c>ipsec-l2l</c> (named after
    /// the peer, or DefaultL2LGroup). Everything else is a remote-access <c>user</c>.
    /// </summary>
    public static bool IsLanToLan(AsaConfig config, IkeSaView sa) => config.IsLanToLanGroup(sa.TunnelGroup);

    /// <summary><c>show crypto isakmp sa [detail]</c> (reference §3.1): Type <c>L2L</c> or <c>user</c>, the role this end played.</summary>
    /// <param name="now">The time the IKEv2 block's active times count to.</param>
    public static IEnumerable<string> IsakmpSa(IkeStatus status, AsaConfig config, bool detail, DateTimeOffset? now = null)
    {
        yield return "";
        if (status.Sas.IsEmpty)
        {
            yield return "There are no IKEv1 SAs";
        }
        else
        {
            yield return "IKEv1 SAs:";
            yield return "";
            yield return $"   Active SA: {status.Sas.Count}";
            yield return "    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)";
            yield return $"Total IKE SA: {status.Sas.Count}";
            var index = 1;
            foreach (var sa in status.Sas)
            {
                yield return "";
                yield return $"{index++,-4}IKE Peer: {sa.Peer}";
                var role = sa.Role == IkeRole.Initiator ? "initiator" : "responder";
                yield return $"    Type    : {(IsLanToLan(config, sa) ? "L2L" : "user"),-16}Role    : {role} ";
                yield return $"    Rekey   : {"no",-16}State   : {StateName(sa.State)} ";
                if (!detail) continue;
                yield return $"    Encrypt : {sa.Encryption ?? "",-16}Hash    : {sa.Hash ?? "",-10}";
                yield return $"    Auth    : {sa.Authentication,-16}Lifetime: {sa.Lifetime}";
                yield return $"    Lifetime Remaining: {sa.LifetimeRemaining}";
            }
        }
        foreach (var line in ShowCryptoIkev2Commands.Sas(status, now ?? DateTimeOffset.MinValue, detail: false)) yield return line;
    }

    /// <summary><c>show crypto isakmp stats</c> (reference §3.3): values right-aligned at column 32.</summary>
    public static IEnumerable<string> IsakmpStats(IkeStatus status)
    {
        yield return "";
        yield return "Global IKEv1 Statistics";
        foreach (var (label, value) in status.Statistics.Rows(status.Sas.Count(s => IkeSaStates.IsActive(s.State))))
            yield return StatisticsRow(label, value);
        yield return "";
        yield return "Global IKEv2 Statistics";
        yield return StatisticsRow("Active Tunnels:", status.Ikev2Sas.Count(s => s.State == Crypto.Ikev2.Ikev2SaState.Ready));
    }

    /// <summary>A row of the <c>Global IKEv1|IKEv2 Statistics</c> blocks: the label indented, the value right-aligned at column 32.</summary>
    internal static string StatisticsRow(string label, long value)
    {
        var number = value.ToString(CultureInfo.InvariantCulture);
        return ("  " + label).PadRight(Math.Max(32 - number.Length, label.Length + 3)) + number;
    }

    public static string StateName(IkeSaState state) => IkeSaStates.Name(state);

    /// <summary>
    /// The lines <c>detail</c> adds after the send and receive errors (reference §3.2, layout [M]).
    /// Encaps and decaps failures are the errors no more specific counter took.
    /// </summary>
    private static IEnumerable<string> ErrorCounters(SaCountersSnapshot? n)
    {
        n ??= SaCountersMath.Zero;
        var encapsFailed = Math.Max(0, n.SendErrors - n.ReplayRolloverSend);
        var decapsFailed = Math.Max(0, n.RecvErrors - n.InvalidProtocol - n.VerifyFailed - n.InvalidIdentity - n.InvalidLength
            - n.InvalidPad - n.InvalidIpVersion - n.ReplayFailed);
        return
        [
            "      #pkts no sa (send): 0, #pkts invalid sa (rcv): 0",
            $"      #pkts encaps failed (send): {encapsFailed}, #pkts decaps failed (rcv): {decapsFailed}",
            $"      #pkts invalid prot (rcv): {n.InvalidProtocol}, #pkts verify failed: {n.VerifyFailed}",
            $"      #pkts invalid identity (rcv): {n.InvalidIdentity}, #pkts invalid len (rcv): {n.InvalidLength}",
            $"      #pkts invalid pad (rcv): {n.InvalidPad},",
            $"      #pkts invalid ip version (rcv): {n.InvalidIpVersion},",
            $"      #pkts replay rollover (send): {n.ReplayRolloverSend}, #pkts replay rollover (rcv): 0",
            $"      #pkts replay failed (rcv): {n.ReplayFailed}",
            "      #pkts min mtu frag failed (send): 0, #pkts bad frag offset (rcv): 0",
            "      #pkts internal err (send): 0, #pkts internal err (rcv): 0",
        ];
    }

    /// <summary>
    /// The crypto ACL entry a site's SA pair is for, as the ASA prints it above the idents: the entry's
    /// <c>match address</c> ACL, and the ACE by the SA's networks, a host as <c>host A</c> [S:
    /// ntc-templates cisco_asa_show_crypto_ipsec_sa.raw, <c>access-list 2 extended permit ip
    /// 172.16.122.32 255.255.255.240 host 172.30.1.153</c>]. Null when the map entry no longer exists.
    /// </summary>
    public static string? CryptoAclLine(AsaConfig config, ChildSa child)
    {
        if (config.FindCryptoMap(child.CryptoMap)?.Entries.GetValueOrDefault(child.Sequence)?.MatchAddress is not { } acl) return null;
        static string Side(Ipv4 address, Ipv4 mask) => mask == Ipv4.HostMask ? $"host {address}" : $"{address} {mask}";
        return $"      access-list {acl} extended permit ip {Side(child.LocalAddress, child.LocalMask)} {Side(child.RemoteAddress, child.RemoteMask)}";
    }

    /// <param name="detail">Adds the error counters (<c>detail</c>).</param>
    /// <param name="peer">Only the SAs with this peer (<c>peer ADDR</c>), when given.</param>
    /// <param name="now">The appliance's clock now, for the lifetimes remaining.</param>
    public static IEnumerable<string> IpsecSa(IkeStatus status, AsaConfig config, DateTimeOffset now, Func<uint, LiveSa?>? counters = null,
        bool detail = false, Ipv4? peer = null)
    {
        // IKEv1's IPsec SAs, then IKEv2's Child SAs: the same pairs in the dataplane, told apart in the in-use settings.
        var children = status.Sas.SelectMany(sa => sa.Children.Select(child => (sa.TunnelGroup, child, Ikev2: false)))
            .Concat(status.Ikev2Sas.SelectMany(sa => sa.Children.Select(child => (sa.TunnelGroup, child, Ikev2: true))))
            .Where(c => peer is not { } p || c.child.Peer.Address.ToString() == p.ToString()).ToList();
        if (children.Count == 0)
        {
            yield return "";
            yield return "There are no ipsec sas";
            yield break;
        }
        foreach (var group in children.GroupBy(c => NameIfOf(config, c.child.Local.Address)))
        {
            yield return $"interface: {group.Key}";
            foreach (var (tunnelGroup, child, ikev2) in group)
            {
                yield return $"    Crypto map tag: {child.CryptoMap}, seq num: {child.Sequence}, local addr: {child.Local.Address}";
                yield return "";
                var site = config.IsLanToLanGroup(tunnelGroup);
                if (site && CryptoAclLine(config, child) is { } acl) yield return acl;
                yield return $"      local ident (addr/mask/prot/port): ({child.LocalAddress}/{child.LocalMask}/0/0)";
                yield return $"      remote ident (addr/mask/prot/port): ({child.RemoteAddress}/{child.RemoteMask}/0/0)";
                if (site)
                {
                    // A site has no user and no assigned address: the peer alone, then two blank lines
                    // [S: ntc-templates cisco_asa_show_crypto_ipsec_sa.raw, its L2L entries].
                    yield return $"      current_peer: {child.Peer.Address}";
                    yield return "";
                }
                else
                {
                    yield return $"      current_peer: {child.Peer.Address}, username: {child.Username}";
                    yield return $"      dynamic allocated peer ip: {child.RemoteAddress}";
                    yield return "      dynamic allocated peer ip(ipv6): 0.0.0.0";
                }
                yield return "";
                var live = counters?.Invoke(child.InboundSpi);
                var n = live?.Counters;
                yield return $"      #pkts encaps: {n?.Encaps ?? 0}, #pkts encrypt: {n?.Encrypt ?? 0}, #pkts digest: {n?.Digest ?? 0}";
                yield return $"      #pkts decaps: {n?.Decaps ?? 0}, #pkts decrypt: {n?.Decrypt ?? 0}, #pkts verify: {n?.Verify ?? 0}";
                yield return "      #pkts compressed: 0, #pkts decompressed: 0";
                yield return $"      #pkts not compressed: {n?.Encaps ?? 0}, #pkts comp failed: 0, #pkts decomp failed: 0";
                yield return $"      #pre-frag successes: {n?.PreFragSuccesses ?? 0}, #pre-frag failures: {n?.PreFragFailures ?? 0}, #fragments created: {n?.FragmentsCreated ?? 0}";
                yield return $"      #PMTUs sent: {n?.PmtusSent ?? 0}, #PMTUs rcvd: {n?.PmtusReceived ?? 0}, #decapsulated frgs needing reassembly: 0";
                yield return $"      #TFC rcvd: {n?.TfcReceived ?? 0}, #TFC sent: 0";
                yield return "      #Valid ICMP Errors rcvd: 0, #Invalid ICMP Errors rcvd: 0";
                yield return $"      #send errors: {n?.SendErrors ?? 0}, #recv errors: {n?.RecvErrors ?? 0}";
                if (detail)
                    foreach (var line in ErrorCounters(n)) yield return line;
                yield return "";
                var port = child.UdpEncapsulated ? 4500 : 0;
                yield return $"      local crypto endpt.: {child.Local.Address}/{port}, remote crypto endpt.: {child.Peer.Address}/{(child.UdpEncapsulated ? child.Peer.Port : 0)}";
                var path = config.IpsecPathPolicyFor(Ipv4.Parse(child.Local.Address.ToString()));
                // [S] 82(52) with NAT-T and 74(44) without for AES-256/SHA-1: the overhead is outer headers,
                // ESP header, IV, a block of padding, 2 bytes and the ICV; the second figure stays 30 below it [M].
                var overhead = live?.Overhead ?? (child.UdpEncapsulated ? 82 : 74);
                yield return $"      path mtu {Math.Min(live?.PathMtu ?? path.Mtu, path.Mtu)}, ipsec overhead {overhead}({overhead - 30}), media mtu {path.Mtu}";
                // No PMTU aging (pmtu-aging infinite, the default): nothing counts down [M].
                yield return $"      PMTU time remaining (sec): 0, DF policy: {DfBitPolicies.Name(path.DfBit)}";
                yield return "      ICMP error validation: disabled, TFC packets: disabled";
                yield return $"      current outbound spi: {child.OutboundSpi:X8}";
                yield return $"      current inbound spi : {child.InboundSpi:X8}";
                var remaining = Math.Max(0, child.LifetimeSeconds - (long)(now - child.Created).TotalSeconds);
                foreach (var (direction, spi) in new[] { ("inbound", child.InboundSpi), ("outbound", child.OutboundSpi) })
                {
                    yield return "";
                    yield return $"    {direction} esp sas:";
                    yield return $"      spi: 0x{spi:X8} ({spi.ToString(CultureInfo.InvariantCulture)})";
                    yield return $"         transform: {child.Transform.AsaName} no compression";
                    yield return $"         in use settings ={{{(site ? "L2L" : "RA")}, Tunnel, {(child.UdpEncapsulated ? " NAT-T-Encaps, " : "")}{(child.PfsGroup is { } pfs ? $"PFS Group {pfs}, " : "")}{(ikev2 ? "IKEv2" : "IKEv1")}, }}";
                    yield return $"         slot: 0, conn_id: {child.InboundSpi % 65536}, crypto-map: {child.CryptoMap}";
                    // [S] a site's SAs count down kilobytes too: each SA of the pair its own direction's bytes.
                    yield return site && child.LifetimeKilobytes is { } kilobytes
                        ? $"         sa timing: remaining key lifetime (kB/sec): ({Math.Max(0, kilobytes - (direction == "inbound" ? n?.BytesIn ?? 0 : n?.BytesOut ?? 0) / 1024)}/{remaining})"
                        : $"         sa timing: remaining key lifetime (sec): {remaining}";
                    yield return $"         IV size: {(child.Transform.TransformId == 12 ? 16 : 8)} bytes";
                    // Without integrity (esp-none; not AES-GCM or GMAC, whose ICV is theirs) there is no anti-replay (RFC 4303 §3.4.3), nor its bitmap [M].
                    if (child.Transform.Authentication is null && child.Transform.TransformId is not (EspKeySizes.EspAesGcm16 or EspKeySizes.EspNullAuthAesGmac))
                    {
                        yield return "         replay detection support: N";
                        continue;
                    }
                    yield return "         replay detection support: Y";
                    yield return "         Anti replay bitmap: ";
                    yield return $"          {(direction == "inbound" && live is { } l ? l.Bitmap : "0x00000000 0x00000001")}";
                }
                yield return "";
            }
        }
    }

    /// <summary>
    /// <c>show vpn-sessiondb [detail] ra-ikev1-ipsec</c> (reference §3.4): one block per established
    /// session; <paramref name="detail"/> adds its IKEv1 tunnel and one section per IPsec SA pair,
    /// with the pair's bytes and packets from the dataplane (<paramref name="counters"/>).
    /// </summary>
    /// <param name="keep">Which sessions to print, by the session and its index (<c>filter ...</c>, <c>index N</c>); all when null.</param>
    /// <param name="now">The appliance's clock's time (durations are counted to it).</param>
    public static IEnumerable<string> Sessions(IkeStatus status, AsaConfig config, bool detail, Func<uint, LiveSa?>? counters,
        DateTimeOffset now, Func<IkeSaView, int, bool>? keep = null)
    {
        var at = now;
        var sessions = EstablishedSessions(status).Where(s => keep is null || keep(s.Sa, s.Index)).ToList();
        if (sessions.Count == 0)
        {
            yield return NoSessionsFor(status);
            yield break;
        }
        yield return "";
        yield return detail ? "Session Type: IKEv1 IPsec Detailed" : "Session Type: IKEv1 IPsec";
        foreach (var (sa, index) in sessions)
        {
            var policy = EffectivePolicy.Resolve(config, sa.TunnelGroup, sa.Username, null, sa.Authorization);
            yield return "";
            yield return Pair("Username", sa.Username ?? "", "Index", index.ToString(CultureInfo.InvariantCulture));
            // A hardware client in network extension mode has no address: its network takes the place [M].
            var assigned = sa.AssignedAddress?.ToString() ?? sa.Children.FirstOrDefault(c => c.RemoteMask != Ipv4.HostMask)?.RemoteAddress.ToString();
            yield return Pair("Assigned IP", assigned ?? "", "Public IP", sa.Peer);
            yield return $"{"Protocol",-13}: IKEv1 {IpsecProtocol(sa)}";
            yield return $"{"License",-13}: Other VPN";
            foreach (var line in Algorithms(sa)) yield return line;
            yield return Pair("Bytes Tx", sa.BytesSent.ToString(CultureInfo.InvariantCulture), "Bytes Rx", sa.BytesReceived.ToString(CultureInfo.InvariantCulture));
            yield return Pair("Group Policy", policy.PolicyChain.FirstOrDefault() ?? "DfltGrpPolicy", "Tunnel Group", sa.TunnelGroup ?? "");
            foreach (var line in Times(sa, at)) yield return line;
            yield return $"{"Inactivity",-13}: 0h:00m:00s";
            yield return Pair("VLAN Mapping", "N/A", "VLAN", "none");
            yield return $"{"Audt Sess ID",-13}: {sa.SessionStart.ToUnixTimeSeconds():x8}{index + 1:x8}00000000";
            yield return $"{"Security Grp",-13}: none";
            if (detail)
                foreach (var line in SessionDetail.Tunnels(sa, index, config, policy, counters, at)) yield return line;
        }
    }

    /// <summary>The encryption and hashing lines of a session: phase 1's algorithms, then its first IPsec SA pair's.</summary>
    internal static IEnumerable<string> Algorithms(IkeSaView sa)
    {
        var ipsec = IpsecProtocol(sa);
        var cipher = CipherName(sa.Encryption);
        var child = sa.Children.FirstOrDefault();
        yield return $"{"Encryption",-13}: IKEv1: (1){cipher}  {ipsec}: (1){(child is null ? cipher : EspCipher(child.Transform))}";
        yield return $"{"Hashing",-13}: IKEv1: (1){HashName(sa.Hash)}  {ipsec}: (1){(child is null ? "SHA1" : EspHash(child.Transform))}";
    }

    /// <summary>A session's <c>Login Time</c> and <c>Duration</c> lines (reference §3.4).</summary>
    internal static IEnumerable<string> Times(IkeSaView sa, DateTimeOffset now) => Times(sa.SessionStart, now);

    /// <summary>The <c>Login Time</c> and <c>Duration</c> lines of a session that began at <paramref name="login"/> (an IKEv2 one too).</summary>
    internal static IEnumerable<string> Times(DateTimeOffset login, DateTimeOffset now)
    {
        yield return $"{"Login Time",-13}: {login.ToString("HH:mm:ss 'UTC' ddd MMM d yyyy", CultureInfo.InvariantCulture)}";
        var duration = now - login;
        yield return $"{"Duration",-13}: {(int)duration.TotalHours}h:{duration.Minutes:00}m:{duration.Seconds:00}s";
    }

    /// <summary>What a <c>show vpn-sessiondb</c> listing says when the box has no session at all [M].</summary>
    public const string NoSessions = "INFO: There are presently no active sessions";

    /// <summary>
    /// What it says when there are sessions but none of the type or filter asked for [S: two public scripts written
    /// against real ASAs match this line exactly, for <c>show vpn-sessiondb detail l2l filter name IP</c> (Krasen
    /// Kolev's vpnreset) and <c>show vpn-sessiondb anyconnect filter name U</c> (an AnyConnect session killer)].
    /// </summary>
    public const string NoSessionsOfType = "INFO: There are presently no active sessions of the type specified";

    /// <summary>The line for a listing that matched nothing: <see cref="NoSessionsOfType"/> while other sessions are up, else <see cref="NoSessions"/>.</summary>
    public static string NoSessionsFor(IkeStatus status) => EstablishedSessions(status).Any() || Ikev2Sessions.Up(status).Any() ? NoSessionsOfType : NoSessions;

    /// <summary>The established remote-access sessions, numbered from 1 in the order they came up (the session index).</summary>
    public static IEnumerable<(IkeSaView Sa, int Index)> EstablishedSessions(IkeStatus status) =>
        status.Sas.Where(s => IkeSaStates.IsActive(s.State)).Select((s, i) => (s, i + 1));

    /// <summary>The session's IPsec protocol name (<see cref="ChildSa.IpsecProtocol"/>).</summary>
    internal static string IpsecProtocol(IkeSaView sa) => ChildSa.SessionProtocol(sa.Children);

    internal static string Pair(string leftLabel, string leftValue, string rightLabel, string rightValue) =>
        $"{leftLabel,-13}: {leftValue,-23}{rightLabel,-13}: {rightValue}";

    internal static string CipherName(string? policyEncryption) => policyEncryption switch
    {
        "aes" => "AES128",
        "aes-192" => "AES192",
        "aes-256" => "AES256",
        "3des" => "3DES",
        "des" => "DES",
        _ => policyEncryption ?? "",
    };

    /// <summary>An ESP transform's cipher as the session lines name it: <c>AES256</c> [S]; the combined modes <c>AES-GCM-256</c>, <c>AES-GMAC-256</c> [M].</summary>
    internal static string EspCipher(EspTransform t) => (t.TransformId, t.KeyBits) switch
    {
        (EspKeySizes.EspAesGcm16, var bits) => $"AES-GCM-{bits}",
        (EspKeySizes.EspNullAuthAesGmac, var bits) => $"AES-GMAC-{bits}",
        (EspKeySizes.EspAes, 192) => "AES192",
        (EspKeySizes.EspAes, 256) => "AES256",
        (EspKeySizes.EspAes, _) => "AES128",
        (EspKeySizes.Esp3Des, _) => "3DES",
        (EspKeySizes.EspDes, _) => "DES",
        _ => "NULL",
    };

    internal static string HashName(string? hash) => hash == "MD5" ? "MD5" : "SHA1";

    /// <summary>An ESP transform's integrity algorithm as the session lines name it: <c>SHA256</c> [S]; <c>none</c> for esp-none and the combined modes [M].</summary>
    internal static string EspHash(EspTransform t) => t.Authentication switch
    {
        EspKeySizes.HmacMd5 => "MD5",
        EspKeySizes.HmacSha1 => "SHA1",
        EspKeySizes.HmacSha256 => "SHA256",
        EspKeySizes.HmacSha384 => "SHA384",
        EspKeySizes.HmacSha512 => "SHA512",
        _ => "none",
    };

    /// <summary>The nameif of the interface that holds <paramref name="address"/> (an SA's local address); <c>outside</c> when none does.</summary>
    public static string NameIfOf(AsaConfig config, System.Net.IPAddress address) => config.NameIfWithAddress(address) ?? "outside";
}
