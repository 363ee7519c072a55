using System.Globalization;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The IKEv2 sites of <c>show vpn-sessiondb [detail] l2l</c>: a block per IKE SA that is up, indexed after
/// the IKEv1 sessions, with <c>IKEv2</c> where an IKEv1 block says <c>IKEv1</c> and the number of IPsec
/// tunnels before the ESP algorithm [S: a public capture of 9.x <c>show vpn-sessiondb detail l2l</c>,
/// <c>Encryption   : IKEv2: (1)AES256  IPsec: (3)AES256</c> over three IPsec tunnels]; <c>detail</c> adds the
/// IKEv2 tunnel and one section per Child SA (<see cref="SessionDetail.Ikev2Tunnels"/>).
/// </summary>
public static class Ikev2Sessions
{
    public static IEnumerable<Ikev2SaView> Up(IkeStatus status) => status.Ikev2Sas.Where(s => s.State == Ikev2SaState.Ready && !s.Children.IsEmpty);

    /// <summary>The IKEv2 sessions with their session index, numbered on from the IKEv1 sessions' (<see cref="ShowCryptoCommands.EstablishedSessions"/>).</summary>
    public static IEnumerable<(Ikev2SaView Sa, int Index)> Indexed(IkeStatus status)
    {
        var first = ShowCryptoCommands.EstablishedSessions(status).Count() + 1;
        return Up(status).Select((sa, i) => (sa, first + i));
    }

    public static IEnumerable<string> Blocks(IEnumerable<(Ikev2SaView Sa, int Index)> sessions, AsaConfig config, bool detail,
        Func<uint, ShowCryptoCommands.LiveSa?>? counters, DateTimeOffset now)
    {
        foreach (var (sa, index) in sessions)
        {
            var ipsec = Crypto.Ike.ChildSa.SessionProtocol(sa.Children);
            var child = sa.Children[0];
            var tunnels = sa.Children.Count.ToString(CultureInfo.InvariantCulture);
            yield return "";
            yield return $"{"Connection",-13}: {sa.Peer}";
            yield return ShowCryptoCommands.Pair("Index", index.ToString(CultureInfo.InvariantCulture), "IP Addr", sa.Peer);
            yield return $"{"Protocol",-13}: IKEv2 {ipsec}";
            yield return $"{"Encryption",-13}: IKEv2: (1){Cipher(sa.Suite)}  {ipsec}: ({tunnels}){ShowCryptoCommands.EspCipher(child.Transform)}";
            yield return $"{"Hashing",-13}: IKEv2: (1){Integrity(sa.Suite)}  {ipsec}: ({tunnels}){ShowCryptoCommands.EspHash(child.Transform)}";
            // What the Child SAs that are gone carried, and the live ones' counters as they are now.
            var live = sa.Children.Select(c => counters?.Invoke(c.InboundSpi)?.Counters).Where(n => n is not null).ToList();
            yield return ShowCryptoCommands.Pair("Bytes Tx", (sa.Retired.BytesOut + live.Sum(n => n!.BytesOut)).ToString(CultureInfo.InvariantCulture),
                "Bytes Rx", (sa.Retired.BytesIn + live.Sum(n => n!.BytesIn)).ToString(CultureInfo.InvariantCulture));
            foreach (var line in ShowCryptoCommands.Times(sa.SessionStart, now)) yield return line;
            if (!detail) continue;
            var policy = EffectivePolicy.Resolve(config, sa.TunnelGroup, null, null, null);
            foreach (var line in SessionDetail.Ikev2Tunnels(sa, index, policy, counters, now)) yield return line;
        }
    }

    /// <summary>The IKE SA's encryption: <c>AES256</c> [S], the GCM ones as <c>AES-GCM-256</c> [M].</summary>
    internal static string Cipher(IkeSuite? suite) => suite is null ? "" : (suite.Encryption, suite.KeyBits) switch
    {
        (TransformIds.EncrAesGcm16, var bits) => $"AES-GCM-{bits}",
        (TransformIds.Encr3Des, _) => "3DES",
        (TransformIds.EncrDes, _) => "DES",
        (_, 128) => "AES128",
        (_, var bits) => $"AES{bits}",
    };

    /// <summary>The IKE SA's integrity (<c>SHA1</c> [S]; <c>none</c> with a combined-mode cipher [M]).</summary>
    internal static string Integrity(IkeSuite? suite) => suite?.Integrity switch
    {
        TransformIds.AuthHmacSha256_128 => "SHA256",
        TransformIds.AuthHmacSha384_192 => "SHA384",
        TransformIds.AuthHmacSha512_256 => "SHA512",
        TransformIds.AuthHmacMd5_96 => "MD5",
        TransformIds.AuthNone => "none",
        _ => "SHA1",
    };

    /// <summary>The IKE SA's PRF, named as its integrity is (<c>PRF          : SHA1</c> [S]).</summary>
    internal static string Prf(IkeSuite suite) => suite.Prf switch
    {
        TransformIds.PrfHmacSha256 => "SHA256",
        TransformIds.PrfHmacSha384 => "SHA384",
        TransformIds.PrfHmacSha512 => "SHA512",
        TransformIds.PrfHmacMd5 => "MD5",
        _ => "SHA1",
    };
}
