using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// What the ASA says of its site (LAN-to-LAN) tunnels that the remote-access path does not, in one
/// place so the wording can be corrected once it is seen on a device. Each line says where it is
/// from: [S] seen in real transcripts, [C] the syslog catalogue's template, [M] from memory or
/// modelled on the neighbouring messages.
/// </summary>
public static class LanToLanText
{
    /// <summary>Whether the SA is a site's: its tunnel-group is of type <c>ipsec-l2l</c>.</summary>
    public static bool IsSite(AsaConfig config, IkeSa sa) => config.IsLanToLanGroup(sa.TunnelGroup);

    /// <summary>
    /// 713041 (%ASA-5): this end begins a negotiation for a site [S: <c>IKE Initiator: New Phase 1, Intf inside, IKE Peer P
    /// local Proxy Address A, remote Proxy Address B,  Crypto map (MAP)</c>, the two double spaces as seen; C: the
    /// catalogue's "new or rekey Phase 1 or 2"]. <paramref name="what"/>: <c>New Phase 1</c>, <c>New Phase 2</c>,
    /// <c>Rekeying Phase 1</c>, <c>Rekeying Phase 2</c>.
    /// </summary>
    public static string Initiator(string what, string nameIf, string peer, ProxyPair proxies, string map) =>
        $"IKE Initiator: {what}, Intf {nameIf}, IKE Peer {peer}  local Proxy Address {proxies.LocalNetwork}, remote Proxy Address {proxies.RemoteNetwork},  Crypto map ({map})";

    /// <summary>713042 (%ASA-3): traffic needed an SA but no policy says with whom [C].</summary>
    public static string NoPolicy(string nameIf, Ipv4 source, Ipv4 destination) =>
        $"IKE Initiator unable to find policy: Intf {nameIf}, Src: {source}, Dst: {destination}";

    /// <summary>713121: the keepalives of the connection, DPD or None (<c>isakmp keepalive disable</c>) [S for DPD, C].</summary>
    public static string KeepaliveType(string type) => $"Keep-alive type for this connection: {type}";

    /// <summary>713122 (%ASA-3): DPD is configured but the peer did not say it answers it [C, the template's wording filled in M].</summary>
    public static string KeepalivesUnsupported(string peer) => $"Keep-alives configured on but peer {peer} does not support keep-alives (type = DPD)";

    /// <summary>113019's Session Type of a site [S: reference §2.6].</summary>
    public const string SessionType = "LAN-to-LAN";

    /// <summary>
    /// 713050 (%ASA-5): one IPsec SA of a site ends [C: <c>Connection terminated for peer IP.  Reason: R  Remote Proxy A,
    /// Local Proxy B</c>, the spacing of the remote-access line seen in reference §2.6].
    /// </summary>
    public static string ConnectionTerminated(string peer, string reason, ChildSa child) =>
        $"Connection terminated for peer {peer}.  Reason: {reason}  Remote Proxy {child.RemoteAddress}, Local Proxy {child.LocalAddress}";

    /// <summary>A site restarted (INITIAL-CONTACT in its new phase 1): the older SAs with it go [M].</summary>
    public static string InitialContactStale(string peer) =>
        $"Received INITIAL-CONTACT from {peer}: deleting the older SAs with this peer";

    /// <summary>The teardown reason of a site's SAs the peer forgot by restarting [M].</summary>
    public const string PeerReconnected = "Peer Reconnected";

    /// <summary>A phase 1 rekey is done (a site's, or a remote-access session's): the IPsec SAs now hang off the new IKE SA [M].</summary>
    public static string Phase1Replaced(Isakmp.ExchangeType mode, ulong cookieI) =>
        $"IKE SA {(mode == Isakmp.ExchangeType.Aggressive ? "AM" : "MM")}:{cookieI >> 32:x8} rekeyed: moving the IPsec SAs to the new IKE SA";

    /// <summary>A site's first peer did not answer main mode: the next of its <c>set peer</c> list is tried [M].</summary>
    public static string TryingBackupPeer(string failed, string next) =>
        $"Phase 1 negotiation with peer {failed} timed out, trying backup peer {next}";

    /// <summary>Traffic for an <c>answer-only</c> entry: the ASA waits for the peer to begin [M].</summary>
    public static string AnswerOnly(string map, int sequence) =>
        $"Crypto map {map} {sequence} is answer-only: not initiating, waiting for the peer";

    /// <summary>
    /// 713068 (%ASA-5): a notify the ASA does not act on, typically the peer's refusal of a Quick Mode
    /// [C: <c>Received non-routine Notify message: notify_type (notify_value)</c>; the type names M].
    /// </summary>
    public static string NonRoutineNotify(ushort type)
    {
        var name = type switch
        {
            NotifyTypes.NoProposalChosen => "No proposal chosen",
            NotifyTypes.InvalidIdInformation => "Invalid ID info",
            NotifyTypes.InvalidHashInformation => "Invalid hash info",
            NotifyTypes.AuthenticationFailed => "Authentication failed",
            NotifyTypes.InvalidCookie => "Invalid cookie",
            NotifyTypes.InvalidPayloadType => "Invalid payload type",
            _ => "Unknown",
        };
        return $"Received non-routine Notify message: {name} ({type})";
    }

    /// <summary>
    /// The proxies an initiator's QM1 carries, as the ASA's debug prints them (the responder's side of
    /// it in QuickModeResponder) [M: the initiator's form, hosts as <c>Local host:</c>].
    /// </summary>
    public static string TransmittingProxyId(Ipv4 local, Ipv4 localMask, Ipv4 remote, Ipv4 remoteMask)
    {
        static string Side(string which, Ipv4 address, Ipv4 mask) => mask == Ipv4.HostMask
            ? $"{which} host:  {address}  Protocol 0  Port 0"
            : $"{which} subnet:  {address}  mask {mask} Protocol 0  Port 0";
        return $"Transmitting Proxy Id:\n  {Side("Local", local, localMask)}\n  {Side("Remote", remote, remoteMask)}";
    }

    /// <summary>Our main mode and the peer's crossed (traffic at both sites at once); ours has the higher initiator cookie and goes on [M].</summary>
    public static string Phase1CollisionKept(ulong own, ulong peers) =>
        $"Phase 1 collision: keeping our Main Mode (IKE SA MM:{own >> 32:x8}), dropping the peer's (MM:{peers >> 32:x8})";

    /// <summary>Our main mode and the peer's crossed; the peer's has the higher initiator cookie and is answered, ours abandoned [M].</summary>
    public static string Phase1CollisionYielded(ulong own, ulong peers) =>
        $"Phase 1 collision: abandoning our Main Mode (IKE SA MM:{own >> 32:x8}), answering the peer's (MM:{peers >> 32:x8})";

    /// <summary>Our rekey and the peer's crossed; ours has the higher nonce and goes on [M].</summary>
    public static string RekeyCollisionKept(uint messageId) =>
        $"Phase 2 rekey collision: keeping our rekey (msgid={messageId:x8}), ignoring the peer's";

    /// <summary>Our rekey and the peer's crossed; the peer's has the higher nonce and is answered [M].</summary>
    public static string RekeyCollisionYielded(uint messageId) =>
        $"Phase 2 rekey collision: abandoning our rekey (msgid={messageId:x8}), answering the peer's";
}
