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

    /// <summary>A syslog message of <paramref name="sa"/> with the addresses and the peer's name (the tunnel-group, or the peer's address before one is known).</summary>
    public static void Syslog(IkeOutputs outputs, Ikev2Sa sa, SyslogId id, string text) =>
        outputs.Publish(AsaEvent.Log(EventCategory.Isakmp, id,
            $"Local:{sa.Local.Address}:{sa.Local.Port} Remote:{sa.Peer.Address}:{sa.Peer.Port} Username:{sa.TunnelGroup ?? "Unknown"} {text}"));
}
