using System.Text.RegularExpressions;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// The debug lines of an EzVPN session as reference §2.4 lays them out, one template per line, for
/// the in-process session and for a real vpnc against the real process (tests/Interop links this
/// file). Placeholders: P peer, G group, U user, A assigned address, X a hex message ID or SPI, N a
/// number, M the dynamic map, and &lt;...&gt; any text. Lines are written as <c>[IKEv1 DEBUG]: Group = ...</c>.
/// </summary>
public static class DebugTemplates
{
    public static readonly string[] Session =
    [
        // AM1 in
        "[IKEv1]: IP = <P>, IKE_DECODE RECEIVED Message (msgid=0) with payloads : HDR + SA (1) + KE (4) + NONCE (10) + ID (5) + VENDOR (13)<...> + NONE (0) total length : <N>",
        "[IKEv1 DEBUG]: IP = <P>, processing SA payload",
        "[IKEv1 DEBUG]: IP = <P>, processing ke payload",
        "[IKEv1 DEBUG]: IP = <P>, processing ISA_KE payload",
        "[IKEv1 DEBUG]: IP = <P>, processing nonce payload",
        "[IKEv1 DEBUG]: IP = <P>, processing ID payload",
        "[IKEv1 DECODE]: IP = <P>, ID_KEY_ID ID received, len <N>",
        "[IKEv1 DEBUG]: IP = <P>, processing VID payload",
        "[IKEv1 DEBUG]: IP = <P>, Received xauth V6 VID",
        "[IKEv1 DEBUG]: IP = <P>, processing VID payload",
        "[IKEv1 DEBUG]: IP = <P>, Received DPD VID",
        "[IKEv1 DEBUG]: IP = <P>, processing VID payload",
        "[IKEv1 DEBUG]: IP = <P>, Received NAT-Traversal ver <...> VID",
        "[IKEv1 DEBUG]: IP = <P>, processing VID payload",
        "[IKEv1 DEBUG]: IP = <P>, Received Cisco Unity client VID",
        "[IKEv1]: Group = <G>, IP = <P>, Connection landed on tunnel_group <G>",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, processing IKE SA payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, IKE SA Proposal # 1, Transform # <N> acceptable  Matches global IKE entry # <N>",
        // AM2 out
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing ISAKMP SA payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing ke payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing nonce payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, Generating keys for Responder...",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing ID payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing hash payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, Computing hash for ISAKMP",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing Cisco Unity VID payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing xauth V6 VID payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing dpd vid payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing NAT-Traversal VID ver <...> payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing NAT-Discovery payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, computing NAT Discovery hash",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing NAT-Discovery payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, computing NAT Discovery hash",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing Fragmentation VID + extended capabilities payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing VID payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, Send Altiga/Cisco VPN3000/Cisco ASA GW VID",
        "[IKEv1]: IP = <P>, IKE_DECODE SENDING Message (msgid=0) with payloads : HDR + SA (1) + KE (4) + NONCE (10) + ID (5) + HASH (8) + VENDOR (13)<...> + NONE (0) total length : <N>",
        // AM3 in, NAT detection
        "[IKEv1]: IP = <P>, IKE_DECODE RECEIVED Message (msgid=0) with payloads : HDR + HASH (8)<...> + NONE (0) total length : <N>",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, processing hash payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, Computing hash for ISAKMP",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, processing NAT-Discovery payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, computing NAT Discovery hash",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, processing NAT-Discovery payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, computing NAT Discovery hash",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, processing notify payload",
        "[IKEv1]: Group = <G>, IP = <P>, Automatic NAT Detection Status:    Remote end is NOT behind a NAT device    This  end is NOT behind a NAT device",
        // XAUTH
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing blank hash payload",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, constructing qm hash payload",
        "[IKEv1]: IP = <P>, IKE_DECODE SENDING Message (msgid=<X>) with payloads : HDR + HASH (8) + ATTR (14) + NONE (0) total length : <N>",
        "[IKEv1]: IP = <P>, IKE_DECODE RECEIVED Message (msgid=<X>) with payloads : HDR + HASH (8) + ATTR (14) + NONE (0) total length : <N>",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, process_attr(): Enter!",
        "[IKEv1 DEBUG]: Group = <G>, IP = <P>, Processing MODE_CFG Reply attributes.",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, IKEGetUserAttributes: primary DNS = <...>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, IKEGetUserAttributes: default domain = <...>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, IKEGetUserAttributes: split tunneling list = <...>",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, User (<U>) authenticated.",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing blank hash payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing qm hash payload",
        "[IKEv1]: IP = <P>, IKE_DECODE SENDING Message (msgid=<X>) with payloads : HDR + HASH (8) + ATTR (14) + NONE (0) total length : <N>",
        "[IKEv1]: IP = <P>, IKE_DECODE RECEIVED Message (msgid=<X>) with payloads : HDR + HASH (8) + ATTR (14) + NONE (0) total length : <N>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, process_attr(): Enter!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Processing cfg ACK attributes",
        // Mode Config
        "[IKEv1]: IP = <P>, IKE_DECODE RECEIVED Message (msgid=<X>) with payloads : HDR + HASH (8) + ATTR (14) + NONE (0) total length : <N>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, process_attr(): Enter!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Processing cfg Request attributes",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for IPV4 address!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for IPV4 net mask!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for DNS server address!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for WINS server address!",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, Received unsupported transaction mode attribute: 5",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for Banner!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for Save PW setting!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for Default Domain Name!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for Split Tunnel List!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for Split DNS!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for PFS setting!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, MODE_CFG: Received request for Application Version!",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, Obtained IP addr (<A>) prior to initiating Mode Cfg (XAuth enabled)",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, Assigned private IP address <A> to remote user",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing blank hash payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Send Client Browser Proxy Attributes!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Browser Proxy set to No-Modify. Browser Proxy data will NOT be included in the mode-cfg reply",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Send Cisco Smartcard Removal Disconnect enable!!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing qm hash payload",
        "[IKEv1]: IP = <P>, IKE_DECODE SENDING Message (msgid=<X>) with payloads : HDR + HASH (8) + ATTR (14) + NONE (0) total length : <N>",
        // End of phase 1
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, PHASE 1 COMPLETED",
        "[IKEv1]: IP = <P>, Keep-alive type for this connection: DPD",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Starting P1 rekey timer: 82080 seconds.",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, sending notify message",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing blank hash payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing qm hash payload",
        "[IKEv1]: IP = <P>, IKE_DECODE SENDING Message (msgid=<X>) with payloads : HDR + HASH (8) + NOTIFY (11) + NONE (0) total length : <N>",
        // Quick Mode
        "[IKEv1]: IP = <P>, IKE_DECODE RECEIVED Message (msgid=<X>) with payloads : HDR + HASH (8) + SA (1) + NONCE (10) + ID (5) + ID (5) + NONE (0) total length : <N>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, processing hash payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, processing SA payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, processing nonce payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, processing ID payload",
        "[IKEv1 DECODE]: Group = <G>, Username = <U>, IP = <P>, ID_IPV4_ADDR ID received <A>",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, Received remote Proxy Host data in ID Payload:  Address <A>, Protocol 0, Port 0",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, processing ID payload",
        "[IKEv1 DECODE]: Group = <G>, Username = <U>, IP = <P>, ID_IPV4_ADDR_SUBNET ID received--0.0.0.0--0.0.0.0",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, Received local IP Proxy Subnet data in ID Payload:   Address 0.0.0.0, Mask 0.0.0.0, Protocol 0, Port 0",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, QM IsRekeyed old sa not found by addr",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, IKE Remote Peer configured for crypto map: <M>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, processing IPSec SA payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, IPSec SA Proposal # <N>, Transform # <N> acceptable  Matches global IPSec SA entry # <N>",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, IKE: requesting SPI!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, IKE got SPI from key engine: SPI = 0x<X>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, oakley constucting quick mode",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing blank hash payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing IPSec SA payload",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, Overriding Initiator's IPSec rekeying duration from <N> to <N> seconds",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, Overriding Initiator's IPSec rekeying duration from 0 to 4608000 Kbs",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing IPSec nonce payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing proxy ID",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Transmitting Proxy Id:<...>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Sending RESPONDER LIFETIME notification to Initiator",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, constructing qm hash payload",
        "[IKEv1 DECODE]: Group = <G>, Username = <U>, IP = <P>, IKE Responder sending 2nd QM pkt: msg id = <X>",
        "[IKEv1]: IP = <P>, IKE_DECODE SENDING Message (msgid=<X>) with payloads : HDR + HASH (8) + SA (1) + NONCE (10) + ID (5) + ID (5) + NOTIFY (11) + NONE (0) total length : <N>",
        // QM3 in, SA install, completion
        "[IKEv1]: IP = <P>, IKE_DECODE RECEIVED Message (msgid=<X>) with payloads : HDR + HASH (8) + NONE (0) total length : <N>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, processing hash payload",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, loading all IPSEC SAs",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Generating Quick Mode Key!",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, NP encrypt rule look up for crypto map <M> <N> matching ACL Unknown: returned cs_id=<...>; rule=00000000",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Generating Quick Mode Key!",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, Security negotiation complete for User (<U>)  Responder, Inbound SPI = 0x<X>, Outbound SPI = 0x<X>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, IKE got a KEY_ADD msg for SA: SPI = 0x<X>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Pitcher: received KEY_UPDATE, spi 0x<X>",
        "[IKEv1 DEBUG]: Group = <G>, Username = <U>, IP = <P>, Starting P2 rekey timer: 27360 seconds.",
        "[IKEv1]: Group = <G>, Username = <U>, IP = <P>, PHASE 2 COMPLETED (msgid=<X>)",
    ];

    public static Regex Pattern(string template) => new("^" + Regex.Escape(template)
        .Replace("<P>", "198\\.18\\.0\\.2").Replace("<G>", "EZ").Replace("<U>", "cisco").Replace("<A>", "198\\.19\\.0\\.10")
        .Replace("<M>", "DYN").Replace("<X>", "[0-9a-f]{8}").Replace("<N>", "[0-9]+").Replace("<\\.\\.\\.>", "(.|\\n)*") + "$");

    /// <summary>
    /// Finds the templates in <paramref name="lines"/> in order: the first template not found (null
    /// when all were) with the line the search had reached, and the lines that fell between two templates.
    /// </summary>
    /// <param name="ignore">Templates not to look for (for a client whose own choices, such as its vendor IDs, differ).</param>
    public static (string? Missing, int At, List<string> Between) Walk(IReadOnlyList<string> lines, Func<string, bool>? ignore = null)
    {
        var at = 0;
        var between = new List<string>();
        foreach (var template in Session)
        {
            if (ignore?.Invoke(template) == true) continue;
            var pattern = Pattern(template);
            var found = -1;
            for (var i = at; i < lines.Count && found < 0; i++)
                if (pattern.IsMatch(lines[i])) found = i;
            if (found < 0) return (template, at, between);
            for (var i = at; i < found; i++) between.Add(lines[i]);
            at = found + 1;
        }
        return (null, at, between);
    }
}
