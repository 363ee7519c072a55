using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The tunnel sections <c>show vpn-sessiondb detail ra-ikev1-ipsec</c> prints after a session's block
/// (reference §3.4): the IKEv1 tunnel, then one <c>IPsec:</c> or <c>IPsecOverNatT:</c> section per
/// IPsec SA pair. Labels are indented 2 and padded to 13, left values padded to 23.
/// </summary>
public static class SessionDetail
{
    public static IEnumerable<string> Tunnels(IkeSaView sa, int index, AsaConfig config, EffectivePolicy policy,
        Func<uint, ShowCryptoCommands.LiveSa?>? counters, DateTimeOffset now, bool site = false)
    {
        // [M] a LAN-to-LAN session counts its tunnels right under Duration, naming the IKE version.
        if (site)
        {
            yield return "IKEv1 Tunnels: 1";
        }
        else
        {
            yield return "";
            yield return "IKE Tunnels: 1";
        }
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

        var tunnel = 2;
        foreach (var child in sa.Children)
        {
            var live = counters?.Invoke(child.InboundSpi);
            var n = live?.Counters;
            yield return "";
            yield return child.IpsecProtocol + ":";
            yield return Line("Tunnel ID", $"{index}.{tunnel++}");
            yield return Line("Local Addr", $"{child.LocalAddress}/{child.LocalMask}/0/0");
            yield return Line("Remote Addr", $"{child.RemoteAddress}/{child.RemoteMask}/0/0");
            yield return Pair("Encryption", ShowCryptoCommands.EspCipher(child.Transform), "Hashing", ShowCryptoCommands.EspHash(child.Transform));
            if (child.UdpEncapsulated)
            {
                // [M] Under NAT-T the UDP ports follow the encapsulation mode: the client's source port, then the ASA's.
                yield return Pair("Encapsulation", "Tunnel", "UDP Src Port", Number(child.Peer.Port));
                yield return Line("UDP Dst Port", Number(child.Local.Port));
            }
            else
            {
                yield return Line("Encapsulation", "Tunnel");
            }
            var left = Math.Max(0, child.LifetimeSeconds - (long)(now - child.Created).TotalSeconds);
            yield return Pair("Rekey Int (T)", $"{Number(child.LifetimeSeconds)} Seconds", "Rekey Left(T)", $"{Number(left)} Seconds");
            if (child.LifetimeKilobytes is { } kilobytes)
            {
                // [M] the data lifetime pair, as L2L sessions print it; each SA of the pair counts its own bytes.
                var used = Math.Max(n?.BytesIn ?? 0, n?.BytesOut ?? 0) / 1024;
                yield return Pair("Rekey Int (D)", $"{Number(kilobytes)} K-Bytes", "Rekey Left(D)", $"{Number(Math.Max(0, kilobytes - used))} K-Bytes");
            }
            // [S for l2l] where the line goes among the others is [M].
            if (child.PfsGroup is { } pfs) yield return Line("PFS Group", Number(pfs));
            if (policy.IdleTimeoutMinutes is { } idle)
                yield return Pair("Idle Time Out", $"{Number(idle)} Minutes", "Idle TO Left", $"{Number(IdleLeft(sa, idle, now))} Minutes");
            yield return Pair("Bytes Tx", Number(n?.BytesOut ?? 0), "Bytes Rx", Number(n?.BytesIn ?? 0));
            yield return Pair("Pkts Tx", Number(n?.Encaps ?? 0), "Pkts Rx", Number(n?.Decaps ?? 0));
        }
    }

    /// <summary>Whole minutes before the idle timeout ends the session, counted from the last traffic [M rounding].</summary>
    private static long IdleLeft(IkeSaView sa, long idleMinutes, DateTimeOffset now)
    {
        var lastTraffic = sa.LastTraffic > sa.Created ? sa.LastTraffic : sa.Created;
        return Math.Max(0, (long)Math.Floor((TimeSpan.FromMinutes(idleMinutes) - (now - lastTraffic)).TotalMinutes));
    }

    private static string Line(string label, string value) => $"  {label,-13}: {value}";

    private static string Pair(string leftLabel, string leftValue, string rightLabel, string rightValue) =>
        "  " + ShowCryptoCommands.Pair(leftLabel, leftValue, rightLabel, rightValue);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
