using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>show vpn-sessiondb [detail] l2l [filter ...]</c> (reference §3.4): one block per LAN-to-LAN session, named by
/// the peer's address (<c>Connection</c>), in the session index the remote-access listing shares; the IKEv1 sites,
/// then the IKEv2 ones (<see cref="Ikev2Sessions"/>); <c>detail</c> adds each one's IKE tunnel and one section per
/// IPsec SA pair (<see cref="SessionDetail"/>). [S: the block's lines and their order, from a public capture of 9.x
/// <c>show vpn-sessiondb detail l2l</c>; the labels and widths as the remote-access block has them.]
/// </summary>
public static class LanToLanSessions
{
    public static IEnumerable<string> Render(IkeStatus status, AsaConfig config, bool detail, Func<uint, ShowCryptoCommands.LiveSa?>? counters,
        DateTimeOffset now, SessionFilter? filter = null)
    {
        filter ??= SessionFilter.All;
        var sessions = ShowCryptoCommands.EstablishedSessions(status)
            .Where(s => ShowCryptoCommands.IsLanToLan(config, s.Sa) && filter.Keeps(s.Sa, s.Index, site: true)).ToList();
        var ikev2 = Ikev2Sessions.Indexed(status).Where(s => filter.Keeps(s.Sa, s.Index)).ToList();
        if (sessions.Count == 0 && ikev2.Count == 0)
        {
            yield return ShowCryptoCommands.NoSessionsFor(status);
            yield break;
        }
        yield return "";
        yield return detail ? "Session Type: LAN-to-LAN Detailed" : "Session Type: LAN-to-LAN";
        foreach (var (sa, index) in sessions)
        {
            yield return "";
            yield return $"{"Connection",-13}: {sa.Peer}";
            yield return ShowCryptoCommands.Pair("Index", index.ToString(CultureInfo.InvariantCulture), "IP Addr", sa.Peer);
            yield return $"{"Protocol",-13}: IKEv1 {ShowCryptoCommands.IpsecProtocol(sa)}";
            foreach (var line in ShowCryptoCommands.Algorithms(sa)) yield return line;
            // The dataplane's counters of its SA pairs as they are now (the IKE SA's own totals follow them once a second).
            var live = sa.Children.Select(c => counters?.Invoke(c.InboundSpi)?.Counters).Where(n => n is not null).ToList();
            var (sent, received) = live.Count == 0 ? (sa.BytesSent, sa.BytesReceived) : (live.Sum(n => n!.BytesOut), live.Sum(n => n!.BytesIn));
            yield return ShowCryptoCommands.Pair("Bytes Tx", sent.ToString(CultureInfo.InvariantCulture), "Bytes Rx", received.ToString(CultureInfo.InvariantCulture));
            foreach (var line in ShowCryptoCommands.Times(sa, now)) yield return line;
            if (!detail) continue;
            var policy = EffectivePolicy.Resolve(config, sa.TunnelGroup, null, null, null);
            foreach (var line in SessionDetail.Tunnels(sa, index, config, policy, counters, now, site: true)) yield return line;
        }
        foreach (var line in Ikev2Sessions.Blocks(ikev2, config, detail, counters, now)) yield return line;
    }
}
