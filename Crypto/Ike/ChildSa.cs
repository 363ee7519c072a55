using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>The ESP transform of an IPsec SA, in IPsec DOI numbers (RFC 2407 §4.4.4, §4.5).</summary>
public sealed record EspTransform(byte TransformId, int? KeyBits, ushort? Authentication, string TransformSet)
{
    /// <summary>
    /// The transform as <c>show crypto ipsec sa</c> names it: <c>esp-aes esp-sha-hmac</c>, an IKEv2 Child SA's SHA-2
    /// integrity as <c>esp-sha-256-hmac</c> [S: a public 9.x capture of an IKEv2 tunnel]; the combined modes by their
    /// <c>protocol esp encryption</c> keyword with <c>esp-null-hmac</c>, <c>esp-aes-gcm-256 esp-null-hmac</c> [M], as
    /// are SHA-384 and SHA-512 after SHA-256's pattern [M].
    /// </summary>
    public string AsaName
    {
        get
        {
            var combined = TransformId is EspKeySizes.EspAesGcm16 or EspKeySizes.EspNullAuthAesGmac;
            var cipher = (TransformId, KeyBits) switch
            {
                (EspKeySizes.EspDes, _) => "esp-des",
                (EspKeySizes.Esp3Des, _) => "esp-3des",
                (EspKeySizes.EspNull, _) => "esp-null",
                (EspKeySizes.EspAesGcm16, 192 or 256) => $"esp-aes-gcm-{KeyBits}",
                (EspKeySizes.EspAesGcm16, _) => "esp-aes-gcm",
                (EspKeySizes.EspNullAuthAesGmac, 192 or 256) => $"esp-aes-gmac-{KeyBits}",
                (EspKeySizes.EspNullAuthAesGmac, _) => "esp-aes-gmac",
                (EspKeySizes.EspAes, 192) => "esp-aes-192",
                (EspKeySizes.EspAes, 256) => "esp-aes-256",
                _ => "esp-aes",
            };
            var integrity = Authentication switch
            {
                EspKeySizes.HmacMd5 => "esp-md5-hmac",
                EspKeySizes.HmacSha1 => "esp-sha-hmac",
                EspKeySizes.HmacSha256 => "esp-sha-256-hmac",
                EspKeySizes.HmacSha384 => "esp-sha-384-hmac",
                EspKeySizes.HmacSha512 => "esp-sha-512-hmac",
                _ when combined => "esp-null-hmac",
                _ => "esp-none",
            };
            return $"{cipher} {integrity}";
        }
    }
}

/// <summary>
/// A negotiated IPsec SA pair, as the engine hands it to the dataplane: SPIs and keys for each
/// direction, the transform, the endpoints and encapsulation, the proxy identities, lifetimes and
/// the config that chose it (crypto map entry, tunnel-group, user).
/// </summary>
public sealed record ChildSa(
    ulong IkeCookieI,
    ChildSaKeys Keys,
    EspTransform Transform,
    IPEndPoint Local,
    IPEndPoint Peer,
    bool UdpEncapsulated,
    Ipv4 RemoteAddress,
    Ipv4 RemoteMask,
    Ipv4 LocalAddress,
    Ipv4 LocalMask,
    long LifetimeSeconds,
    long? LifetimeKilobytes,
    string CryptoMap,
    int Sequence,
    bool ReverseRoute,
    string? TunnelGroup,
    string? Username,
    DateTimeOffset Created,
    int? PfsGroup = null)
{
    // PfsGroup: the Diffie-Hellman group of its PFS exchange (null without PFS); a rekey repeats it.

    /// <summary>The session's <c>vpn-filter</c> ACL, which the dataplane applies to its decrypted traffic; null for none.</summary>
    public string? VpnFilter { get; init; }

    /// <summary>
    /// The headend's port of Cisco's IPsec over UDP (<c>ipsec-udp-port</c>) when Mode Config gave it to the
    /// client and the SA is not NAT-T: its ESP goes in UDP on that port, without a marker; null for none.
    /// </summary>
    public ushort? IpsecUdpPort { get; init; }

    /// <summary>
    /// The ASA's name for how the SA's ESP travels, as session listings and 113019 print it: in UDP 4500
    /// (NAT-T), in Cisco's IPsec over UDP [M: the ASA's word for it], else raw ESP.
    /// </summary>
    public string IpsecProtocol => UdpEncapsulated ? "IPsecOverNatT" : IpsecUdpPort is not null ? "IPsecOverUDP" : "IPsec";

    /// <summary>A session's protocol name from its SAs (<see cref="IpsecProtocol"/> of the first; IPsec without one).</summary>
    public static string SessionProtocol(IEnumerable<ChildSa> children) => children.FirstOrDefault()?.IpsecProtocol ?? "IPsec";

    /// <summary>
    /// Installed for its inbound SA alone (a Quick Mode responder between QM2 and QM3): the dataplane
    /// decrypts with it and sends nothing by it until the peer's first packet by it authenticates or the pair
    /// itself is installed, whichever comes first (<see cref="IkeOutputs.Receiving"/>).
    /// </summary>
    public bool InboundOnly { get; init; }

    public uint InboundSpi => Keys.Inbound.Spi;
    public uint OutboundSpi => Keys.Outbound.Spi;

    /// <summary>The traffic selector it protects, this end's side first.</summary>
    public ProxyPair Proxies => new(LocalAddress, LocalMask, RemoteAddress, RemoteMask);
}

/// <summary>The inner bytes an IPsec SA pair has carried, as the dataplane counts them.</summary>
public readonly record struct ChildSaUsage(long BytesIn, long BytesOut)
{
    /// <summary>Kilobytes of the busier direction: each SA of the pair has its own kilobyte lifetime (RFC 2407 §4.5).</summary>
    public long Kilobytes => Math.Max(BytesIn, BytesOut) / 1024;
}
