using System.Globalization;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The IKEv2 sites of <c>show vpn-sessiondb l2l</c>: a block per IKE SA that is up, numbered after the
/// IKEv1 sessions, with <c>IKEv2</c> where the IKEv1 block says <c>IKEv1</c> [M: the layout of the
/// IKEv1 block, <see cref="LanToLanSessions"/>; the IKEv2 algorithm names from 9.x output as remembered].
/// </summary>
public static class Ikev2Sessions
{
    public static IEnumerable<Ikev2SaView> Up(IkeStatus status) => status.Ikev2Sas.Where(s => s.State == Ikev2SaState.Ready && !s.Children.IsEmpty);

    public static IEnumerable<string> Blocks(IkeStatus status, int firstIndex, Func<uint, ShowCryptoCommands.LiveSa?>? counters, DateTimeOffset now)
    {
        var index = firstIndex;
        foreach (var sa in Up(status))
        {
            var ipsec = ChildSa.SessionProtocol(sa.Children);
            var child = sa.Children[0];
            yield return "";
            yield return $"{"Connection",-13}: {sa.Peer}";
            yield return ShowCryptoCommands.Pair("Index", (index++).ToString(CultureInfo.InvariantCulture), "IP Addr", sa.Peer);
            yield return $"{"Protocol",-13}: IKEv2 {ipsec}";
            yield return $"{"Encryption",-13}: IKEv2: (1){Cipher(sa.Suite)}  {ipsec}: (1){Esp(child)}";
            yield return $"{"Hashing",-13}: IKEv2: (1){Integrity(sa.Suite)}  {ipsec}: (1){(child.Transform.Authentication is null ? "none" : ShowCryptoCommands.EspHash(child.Transform))}";
            var live = sa.Children.Select(c => counters?.Invoke(c.InboundSpi)?.Counters).Where(n => n is not null).ToList();
            yield return ShowCryptoCommands.Pair("Bytes Tx", live.Sum(n => n!.BytesOut).ToString(CultureInfo.InvariantCulture),
                "Bytes Rx", live.Sum(n => n!.BytesIn).ToString(CultureInfo.InvariantCulture));
            foreach (var line in ShowCryptoCommands.Times(sa.EstablishedAt, now)) yield return line;
        }
    }

    private static string Cipher(IkeSuite? suite) => suite is null ? "" : (suite.Encryption, suite.KeyBits) switch
    {
        (TransformIds.EncrAesGcm16, var bits) => $"AES-GCM-{bits}",
        (_, 128) => "AES128",
        (_, var bits) => $"AES{bits}",
    };

    private static string Integrity(IkeSuite? suite) => suite?.Integrity switch
    {
        TransformIds.AuthHmacSha256_128 => "SHA256",
        TransformIds.AuthHmacSha384_192 => "SHA384",
        TransformIds.AuthHmacSha512_256 => "SHA512",
        TransformIds.AuthHmacMd5_96 => "MD5",
        TransformIds.AuthNone => "none",
        _ => "SHA1",
    };

    private static string Esp(Crypto.Ike.ChildSa child) => (child.Transform.TransformId, child.Transform.KeyBits) switch
    {
        (Crypto.Keying.EspKeySizes.EspAesGcm16, var bits) => $"AES-GCM-{bits}",
        (Crypto.Keying.EspKeySizes.EspNullAuthAesGmac, var bits) => $"AES-GMAC-{bits}",
        _ => ShowCryptoCommands.EspCipher(child.Transform),
    };
}
