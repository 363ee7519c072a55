using System.Globalization;
using System.Net;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The IKEv2 show and clear commands: <c>show crypto ikev2 sa [detail]</c>, <c>show crypto ikev2 stats</c>,
/// <c>clear crypto ikev2 sa [PEER]</c>. The layout of the SA table is from memory of 9.x output [M]
/// and kept in this file so it is easy to fix; the statistics take the IKEv1 block's labels [M].
/// </summary>
public sealed class ShowCryptoIkev2Commands : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["crypto"] = "Show crypto information",
        ["ikev2"] = "Show IKEv2 information",
        ["sa"] = "Show security associations",
        ["stats"] = "Show global IKEv2 statistics",
        ["detail"] = "Show detailed information",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Privileged | ExecScope.Config, "show crypto ikev2 sa [detail]", c => Write(c, Sas(ShowCryptoCommands.Status(c), c.Appliance.Clock.Now, c.Args.Has("detail"))), help: Help);
        g.Add(ExecScope.Privileged | ExecScope.Config, "show crypto ikev2 stats", c => Write(c, ["", .. Stats(ShowCryptoCommands.Status(c))]), help: Help);
        g.Add(ExecScope.Privileged | ExecScope.Config, "clear crypto ikev2 sa [<ip:peer>]", Clear, help: Help);
    }

    private static Task Write(ExecContext c, IEnumerable<string> lines)
    {
        c.WriteLines(lines);
        return Task.CompletedTask;
    }

    private static async Task Clear(ExecContext c)
    {
        if (c.Appliance.Ike is not { } ike) return;
        var peer = c.Args.OptIp("peer");
        await ike.ClearIkev2Async(sa => peer is null || sa.Peer.Address.Equals(IPAddress.Parse(peer.Value.ToString())));
    }

    /// <summary>The IKEv2 block of <c>show crypto isakmp sa</c> and <c>show crypto ikev2 sa</c>: a session per SA, its Child SAs under it [M].</summary>
    public static IEnumerable<string> Sas(IkeStatus status, DateTimeOffset now, bool detail)
    {
        yield return "";
        if (status.Ikev2Sas.IsEmpty)
        {
            yield return "There are no IKEv2 SAs";
            yield break;
        }
        yield return "IKEv2 SAs:";
        var session = 1;
        foreach (var sa in status.Ikev2Sas)
        {
            yield return "";
            var up = sa.State == Ikev2SaState.Ready ? "UP-ACTIVE" : "UP-IN-NEG";
            yield return $"Session-id:{session++}, Status:{up}, IKE count:1, CHILD count:{sa.Children.Count}";
            yield return "";
            yield return $"{"Tunnel-id",-10}{"Local",-52}{"Remote",-56}{"Status",-15}Role";
            var state = sa.State == Ikev2SaState.Ready ? "READY" : "IN-NEG";
            yield return $"{TunnelId(sa),9} {$"{sa.Local}/{sa.LocalPort}",-52}{$"{sa.Peer}/{sa.PeerPort}",-56}{state,-9}{(sa.Role == IkeRole.Initiator ? "INITIATOR" : "RESPONDER")}";
            if (sa.Suite is { } suite)
                yield return $"      Encr: {Cipher(suite.Encryption)}, keysize: {suite.KeyBits}, Hash: {Hash(suite)}, DH Grp:{suite.Group}, Auth sign: PSK, Auth verify: PSK";
            var active = sa.State == Ikev2SaState.Ready ? (long)(now - sa.EstablishedAt).TotalSeconds : 0;
            yield return $"      Life/Active Time: {sa.Lifetime}/{active} sec";
            if (detail)
            {
                yield return $"      Session-id: {session - 1}";
                yield return $"      Status Description: {(sa.State == Ikev2SaState.Ready ? "Negotiation done" : "Negotiation in progress")}";
                var (local, remote) = sa.Role == IkeRole.Initiator ? (sa.SpiI, sa.SpiR) : (sa.SpiR, sa.SpiI);
                yield return $"      Local spi: {local:X16}       Remote spi: {remote:X16}";
                yield return $"      Local id: {sa.Local}";
                yield return $"      Remote id: {sa.Peer}";
                yield return $"      Local window: 1";
                yield return $"      Remote window: 1";
                if (sa.NatT) yield return "      NAT-T is detected  outside";
                if (sa.FragmentMtu is { } mtu)
                {
                    // [M] the 9.x detail's fragmentation lines.
                    yield return "      IETF Std Fragmentation enabled.";
                    yield return $"      IETF Std Fragmentation MTU in use: {mtu} bytes.";
                }
            }
            foreach (var child in sa.Children)
            {
                yield return $"Child sa: local selector  {child.LocalAddress}/0 - {Last(child.LocalAddress.Value, child.LocalMask.Value)}/65535";
                yield return $"          remote selector {child.RemoteAddress}/0 - {Last(child.RemoteAddress.Value, child.RemoteMask.Value)}/65535";
                yield return $"          ESP spi in/out: 0x{child.InboundSpi:x}/0x{child.OutboundSpi:x}";
                if (!detail) continue;
                yield return "          AH spi in/out: 0x0/0x0";
                yield return "          CPI in/out: 0x0/0x0";
                var integrity = child.Transform.Authentication is { } a ? EspHmac(a) : "None";
                yield return $"          Encr: {Cipher(child.Transform.TransformId)}, keysize: {child.Transform.KeyBits ?? 0}, esp_hmac: {integrity}";
                yield return "          ah_hmac: None, comp: IPCOMP_NONE, mode tunnel";
            }
        }
    }

    /// <summary>The tunnel's number: the low digits of the initiator's SPI, stable for the SA's life [M].</summary>
    private static string TunnelId(Ikev2SaView sa) => (sa.SpiI % 100_000_000).ToString(CultureInfo.InvariantCulture);

    private static string Last(uint network, uint mask) => new ConfigModel.Model.Ipv4(network | ~mask).ToString();

    private static string Cipher(ushort id) => id switch
    {
        TransformIds.EncrAesCbc => "AES-CBC",
        TransformIds.EncrAesGcm16 => "AES-GCM",
        TransformIds.EncrNullAuthAesGmac => "AES-GMAC",
        TransformIds.Encr3Des => "3DES",
        TransformIds.EncrDes => "DES",
        _ => "NULL",
    };

    private static string Hash(IkeSuite suite) => suite.Integrity switch
    {
        TransformIds.AuthHmacSha1_96 => "SHA96",
        TransformIds.AuthHmacSha256_128 => "SHA256",
        TransformIds.AuthHmacSha384_192 => "SHA384",
        TransformIds.AuthHmacSha512_256 => "SHA512",
        TransformIds.AuthHmacMd5_96 => "MD596",
        _ => "N/A",
    };

    private static string EspHmac(ushort doi) => doi switch
    {
        Crypto.Keying.EspKeySizes.HmacSha1 => "SHA96",
        Crypto.Keying.EspKeySizes.HmacSha256 => "SHA256",
        Crypto.Keying.EspKeySizes.HmacSha384 => "SHA384",
        Crypto.Keying.EspKeySizes.HmacSha512 => "SHA512",
        _ => "MD596",
    };

    /// <summary><c>Global IKEv2 Statistics</c>: the IKEv1 block's rows over the IKEv2 counters, values right-aligned at column 32 [M].</summary>
    public static IEnumerable<string> Stats(IkeStatus status)
    {
        yield return "Global IKEv2 Statistics";
        foreach (var (label, value) in status.Ikev2Statistics.Rows(status.Ikev2Sas.Count(s => s.State == Ikev2SaState.Ready), ikev2: true))
            yield return ShowCryptoCommands.StatisticsRow(label, value);
    }
}
