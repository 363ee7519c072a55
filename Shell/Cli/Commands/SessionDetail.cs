using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The tunnel sections <c>show vpn-sessiondb detail ra-ikev1-ipsec|l2l</c> prints after a session's block
/// (reference §3.4): the IKE tunnel (IKEv1's, or an IKEv2 site's), then one <c>IPsec:</c> or
/// <c>IPsecOverNatT:</c> section per IPsec SA pair. Labels are indented 2 and padded to 13, left values
/// padded to 23 [S: a public capture of 9.x <c>show vpn-sessiondb detail l2l</c> with IKEv1 and IKEv2 sites].
/// </summary>
public static class SessionDetail
{
    public static IEnumerable<string> Tunnels(IkeSaView sa, int index, AsaConfig config, EffectivePolicy policy,
        Func<uint, ShowCryptoCommands.LiveSa?>? counters, DateTimeOffset now, bool site = false)
    {
        yield return "";
        // [S] a LAN-to-LAN session names the IKE version in its tunnel count; remote access's [M].
        yield return site ? "IKEv1 Tunnels: 1" : "IKE Tunnels: 1";
        yield return $"IPsec Tunnels: {sa.Children.Count}";
        yield return "";
        yield return "IKEv1:";
        yield return Line("Tunnel ID", $"{index}.1");
        yield return Pair("UDP Src Port", Number(sa.PeerPort), "UDP Dst Port", sa.NatT ? "4500" : "500");
        // A username means XAUTH ran after the pre-shared key (reference §3.4 [M]).
        yield return Pair("IKE Neg Mode", sa.MainMode ? "Main" : "Aggressive", "Auth Mode", sa.Username is null ? "preSharedKeys" : "preSharedKeysXauth");
        yield return Pair("Encryption", ShowCryptoCommands.CipherName(sa.Encryption), "Hashing", ShowCryptoCommands.HashName(sa.Hash));
        yield return Pair("Rekey Int (T)", $"{Number(sa.Lifetime)} Seconds", "Rekey Left(T)", $"{Number(sa.LifetimeRemaining)} Seconds");
        if (sa.DhGroup is { } group) yield return Line("D/H Group", Number(group));
        yield return Line("Filter Name", policy.VpnFilter ?? "");
        // Client OS, Client Type and Client Ver come from the client's Mode Config request, which the
        // IKE SA view does not keep: they are left out rather than made up.
        var lastTraffic = sa.LastTraffic > sa.SessionStart ? sa.LastTraffic : sa.SessionStart;
        foreach (var line in IpsecTunnels(sa.Children, index, policy, lastTraffic, counters, now)) yield return line;
    }

    /// <summary>
    /// An IKEv2 site's tunnels [S: the capture's IKEv2 section: both ends' authentication, the PRF beside the
    /// D/H group, the IKE SA's lifetime and what is left of it]: its IKEv2 tunnel, then its Child SAs.
    /// </summary>
    public static IEnumerable<string> Ikev2Tunnels(Ikev2SaView sa, int index, EffectivePolicy policy,
        Func<uint, ShowCryptoCommands.LiveSa?>? counters, DateTimeOffset now)
    {
        yield return "";
        yield return "IKEv2 Tunnels: 1";
        yield return $"IPsec Tunnels: {sa.Children.Count}";
        yield return "";
        yield return "IKEv2:";
        yield return Line("Tunnel ID", $"{index}.1");
        yield return Pair("UDP Src Port", Number(sa.PeerPort), "UDP Dst Port", Number(sa.LocalPort));
        yield return Line("Rem Auth Mode", "preSharedKeys");
        yield return Line("Loc Auth Mode", "preSharedKeys");
        yield return Pair("Encryption", Ikev2Sessions.Cipher(sa.Suite), "Hashing", Ikev2Sessions.Integrity(sa.Suite));
        var left = Math.Max(0, sa.Lifetime - (long)(now - sa.EstablishedAt).TotalSeconds);
        yield return Pair("Rekey Int (T)", $"{Number(sa.Lifetime)} Seconds", "Rekey Left(T)", $"{Number(left)} Seconds");
        if (sa.Suite is { } suite) yield return Pair("PRF", Ikev2Sessions.Prf(suite), "D/H Group", Number(suite.Group));
        yield return Line("Filter Name", policy.VpnFilter ?? "");
        foreach (var line in IpsecTunnels(sa.Children, index, policy, sa.LastTraffic, counters, now)) yield return line;
    }

    /// <summary>One section per IPsec SA pair, tunnel IDs after the IKE tunnel's; the idle timeout counted from <paramref name="lastTraffic"/>.</summary>
    private static IEnumerable<string> IpsecTunnels(IEnumerable<ChildSa> children, int index, EffectivePolicy policy, DateTimeOffset lastTraffic,
        Func<uint, ShowCryptoCommands.LiveSa?>? counters, DateTimeOffset now)
    {
        var tunnel = 2;
        foreach (var child in children)
        {
            var live = counters?.Invoke(child.InboundSpi);
            var n = live?.Counters;
            yield return "";
            yield return child.IpsecProtocol + ":";
            yield return Line("Tunnel ID", $"{index}.{tunnel++}");
            yield return Line("Local Addr", $"{child.LocalAddress}/{child.LocalMask}/0/0");
            yield return Line("Remote Addr", $"{child.RemoteAddress}/{child.RemoteMask}/0/0");
            yield return Pair("Encryption", ShowCryptoCommands.EspCipher(child.Transform), "Hashing", ShowCryptoCommands.EspHash(child.Transform));
            // [S] PFS beside the encapsulation (under NAT-T beside its last line [M]).
            var pfs = child.PfsGroup is { } group ? Number(group) : null;
            if (child.UdpEncapsulated)
            {
                // [M] Under NAT-T the UDP ports follow the encapsulation mode: the client's source port, then the ASA's.
                yield return Pair("Encapsulation", "Tunnel", "UDP Src Port", Number(child.Peer.Port));
                yield return pfs is null ? Line("UDP Dst Port", Number(child.Local.Port)) : Pair("UDP Dst Port", Number(child.Local.Port), "PFS Group", pfs);
            }
            else
            {
                yield return pfs is null ? Line("Encapsulation", "Tunnel") : Pair("Encapsulation", "Tunnel", "PFS Group", pfs);
            }
            var left = Math.Max(0, child.LifetimeSeconds - (long)(now - child.Created).TotalSeconds);
            yield return Pair("Rekey Int (T)", $"{Number(child.LifetimeSeconds)} Seconds", "Rekey Left(T)", $"{Number(left)} Seconds");
            if (child.LifetimeKilobytes is { } kilobytes)
            {
                // [S] the data lifetime pair; each SA of the pair counts its own bytes.
                var used = Math.Max(n?.BytesIn ?? 0, n?.BytesOut ?? 0) / 1024;
                yield return Pair("Rekey Int (D)", $"{Number(kilobytes)} K-Bytes", "Rekey Left(D)", $"{Number(Math.Max(0, kilobytes - used))} K-Bytes");
            }
            if (policy.IdleTimeoutMinutes is { } idle)
                yield return Pair("Idle Time Out", $"{Number(idle)} Minutes", "Idle TO Left", $"{Number(IdleLeft(lastTraffic, idle, now))} Minutes");
            yield return Pair("Bytes Tx", Number(n?.BytesOut ?? 0), "Bytes Rx", Number(n?.BytesIn ?? 0));
            yield return Pair("Pkts Tx", Number(n?.Encaps ?? 0), "Pkts Rx", Number(n?.Decaps ?? 0));
        }
    }

    /// <summary>Whole minutes before the idle timeout ends the session, counted from the last traffic [M rounding].</summary>
    private static long IdleLeft(DateTimeOffset lastTraffic, long idleMinutes, DateTimeOffset now) =>
        Math.Max(0, (long)Math.Floor((TimeSpan.FromMinutes(idleMinutes) - (now - lastTraffic)).TotalMinutes));

    private static string Line(string label, string value) => $"  {label,-13}: {value}";

    private static string Pair(string leftLabel, string leftValue, string rightLabel, string rightValue) =>
        "  " + ShowCryptoCommands.Pair(leftLabel, leftValue, rightLabel, rightValue);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
