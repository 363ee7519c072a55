using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// The IKEv2 syslog messages (750xxx) the engine raises, in one place so that their wording is easy
/// to fix. Each starts <c>Local:IP:PORT Remote:IP:PORT Username:NAME </c> as the ASA's IKEv2 messages
/// do [C: the message catalogue's form]; the texts after it are from memory of the catalogue [M].
/// </summary>
public static class Ikev2Text
{
    /// <summary>750002 [M]: an IKE_SA_INIT request began a negotiation.</summary>
    public static readonly SyslogId InitRequest = new(750002, 6);
    /// <summary>750003 [M]: a negotiation failed.</summary>
    public static readonly SyslogId Aborted = new(750003, 4);
    /// <summary>750006 [M]: the IKE SA is up.</summary>
    public static readonly SyslogId SaUp = new(750006, 5);
    /// <summary>750007 [M]: the IKE SA went down.</summary>
    public static readonly SyslogId SaDown = new(750007, 5);
    /// <summary>750001 [M]: this end asks for an IPsec tunnel (traffic started it).</summary>
    public static readonly SyslogId TunnelRequest = new(750001, 5);

    public const string ReceivedInitRequest = "Received a IKE_INIT_SA request";
    public const string NoProposal = "Negotiation aborted due to ERROR: Failed to find a matching policy";
    public const string AuthFailed = "Negotiation aborted due to ERROR: Auth exchange failed";
    public const string TsUnacceptable = "Negotiation aborted due to ERROR: Failed to find a matching crypto map entry";
    public const string PeerFailed = "Negotiation aborted due to ERROR: The peer refused the proposal";
    public const string NewConnection = "IKEv2 SA UP. Reason: New Connection Established";

    public static string Down(string reason) => $"IKEv2 SA DOWN. Reason: {reason}";

    public static string Requested(Ikev2Sa sa) => sa.Site is { } site
        ? $"Received request to establish an IPsec tunnel; local traffic selector = Address Range: {site.Proxies.LocalNetwork}-{Last(site.Proxies.LocalNetwork, site.Proxies.LocalMask)} Protocol: 0 Port Range: 0-65535 ; remote traffic selector = Address Range: {site.Proxies.RemoteNetwork}-{Last(site.Proxies.RemoteNetwork, site.Proxies.RemoteMask)} Protocol: 0 Port Range: 0-65535"
        : "Received request to establish an IPsec tunnel";

    private static ConfigModel.Model.Ipv4 Last(ConfigModel.Model.Ipv4 network, ConfigModel.Model.Ipv4 mask) => new(network.Value | ~mask.Value);

    /// <summary>
    /// A <c>debug crypto ikev2 protocol</c> line of class <paramref name="level"/> (<c>IKEv2-PROTO-N:</c>,
    /// shown from level N on [M]); not built above the level in force. <paramref name="sa"/> adds the
    /// negotiation's number, <c>(N): </c>, and the peer for <c>debug crypto condition</c>.
    /// </summary>
    public static void Debug(IkeOutputs outputs, Ikev2Sa? sa, string peer, int level, string text)
    {
        if (level > outputs.Debug.Ikev2) return;
        var prefix = sa is null ? "" : $"({sa.Number}): ";
        outputs.Publish(new AsaEvent(EventCategory.Ikev2, level, $"IKEv2-PROTO-{level}: {prefix}{text}") { Peer = peer, Group = sa?.TunnelGroup });
    }

    /// <summary>The packet lines [M: the 9.x debug's shape]: direction and addresses, the SPIs and message ID, the exchange.</summary>
    public static void Packet(IkeOutputs outputs, Ikev2Sa? sa, bool sent, System.Net.IPEndPoint local, System.Net.IPEndPoint peer, ReadOnlySpan<byte> message)
    {
        if (2 > outputs.Debug.Ikev2 || !Ikev2Header.TryRead(message, out var h)) return;
        var where = sent ? $"Sending Packet [To {peer.Address}:{peer.Port}/From {local.Address}:{local.Port}/VRF i0:f0]"
            : $"Received Packet [From {peer.Address}:{peer.Port}/To {local.Address}:{local.Port}/VRF i0:f0]";
        var exchange = h.Exchange switch
        {
            Ikev2Exchange.IkeSaInit => "IKE_SA_INIT",
            Ikev2Exchange.IkeAuth => "IKE_AUTH",
            Ikev2Exchange.CreateChildSa => "CREATE_CHILD_SA",
            Ikev2Exchange.Informational => "INFORMATIONAL",
            _ => $"exchange {(byte)h.Exchange}",
        };
        Debug(outputs, sent ? sa : null, peer.Address.ToString(), 2,
            $"{where}\nInitiator SPI : {h.SpiI:X16} - Responder SPI : {h.SpiR:X16} Message id: {h.MessageId}\nIKEv2 {exchange} Exchange {(h.IsResponse ? "RESPONSE" : "REQUEST")}");
    }

    /// <summary>
    /// A message of ours split into fragments (RFC 7383) [M: the IOS/ASA IKEv2 debug's fragmenting line, its
    /// Fragment ID the message ID]; at the packet lines' level.
    /// </summary>
    public static void Fragmenting(IkeOutputs outputs, Ikev2Sa sa, long mtu, int count, uint messageId) =>
        Debug(outputs, sa, sa.Peer.Address.ToString(), 2, $"Fragmenting packet, Fragment MTU: {mtu}, Number of fragments: {count}, Fragment ID: {messageId}");

    /// <summary>A fragment of the peer's: kept, the last of its message (reassembled), or dropped [M].</summary>
    public static void FragmentReceived(IkeOutputs outputs, Ikev2Sa sa, uint messageId, Ikev2EncryptedFragmentPayload fragment, Ikev2Opening opening)
    {
        var which = $"fragment {fragment.FragmentNumber} of {fragment.TotalFragments}, Fragment ID: {messageId}";
        Debug(outputs, sa, sa.Peer.Address.ToString(), 2, opening switch
        {
            Ikev2Opening.Opened => $"Received {which}, all fragments received, packet reassembled",
            Ikev2Opening.Kept => $"Received {which}",
            _ => $"Dropping {which}",
        });
    }

    /// <summary>A syslog message of <paramref name="sa"/> with the addresses and the peer's name (the tunnel-group, or the peer's address before one is known).</summary>
    public static void Syslog(IkeOutputs outputs, Ikev2Sa sa, SyslogId id, string text)
    {
        // A failure is also the protocol debug's first-class line.
        if (id == Aborted) Debug(outputs, sa, sa.Peer.Address.ToString(), 1, text[(text.IndexOf("ERROR: ", StringComparison.Ordinal) + 7)..]);
        outputs.Publish(AsaEvent.Log(EventCategory.Isakmp, id,
            $"Local:{sa.Local.Address}:{sa.Local.Port} Remote:{sa.Peer.Address}:{sa.Peer.Port} Username:{sa.TunnelGroup ?? "Unknown"} {text}"));
    }
}
