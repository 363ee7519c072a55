using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The engine's global IKEv1 counters, as <c>show crypto isakmp stats</c> prints them (reference
/// §3.3, after CISCO-IPSEC-FLOW-MONITOR-MIB's cikeGlobal* objects). Owned by the control loop.
/// </summary>
public sealed class IkeStatistics
{
    public long PreviousTunnels, InOctets, InPackets, InDropPackets, InNotifys, InP2Exchanges, InP2ExchangeInvalids, InP2ExchangeRejects,
        InP2SaDeleteRequests, OutOctets, OutPackets, OutNotifys, OutP2Exchanges, OutP2ExchangeRejects, OutP2SaDeleteRequests,
        InitiatorTunnels, InitiatorFails, ResponderFails, AuthFails, DecryptFails, HashValidFails, NoSaFails, SystemCapacityFails;

    /// <summary>Of the previous tunnels, the sites' (LAN-to-LAN) sessions that ended, an IKE SA replaced by its rekey not counted: <c>show vpn-sessiondb</c>'s Site-to-Site row.</summary>
    public long PreviousSiteSessions;

    /// <summary>IKEv2 fragmentation's counters (RFC 7383), which the engine's IKEv2 SAs share.</summary>
    public Ikev2.Ikev2FragmentStatistics Fragments { get; private set; } = new();

    public IkeStatistics Copy()
    {
        var copy = (IkeStatistics)MemberwiseClone();
        copy.Fragments = Fragments.Copy();
        return copy;
    }

    /// <summary>A decrypted message from a peer: its notifies (In Notifys) and IPsec SA DELETEs (In P2 Sa Delete Requests).</summary>
    public void Received(IReadOnlyList<Payload> payloads)
    {
        InNotifys += payloads.Count(p => p is NotifyPayload);
        InP2SaDeleteRequests += payloads.Count(p => p is DeletePayload { ProtocolId: IpsecAttributes.ProtocolEsp });
    }

    /// <summary>A message this end sends: its notifies (Out Notifys) and IPsec SA DELETEs (Out P2 Sa Delete Requests).</summary>
    public void Sent(IReadOnlyList<Payload> payloads)
    {
        OutNotifys += payloads.Count(p => p is NotifyPayload);
        OutP2SaDeleteRequests += payloads.Count(p => p is DeletePayload { ProtocolId: IpsecAttributes.ProtocolEsp });
    }

    /// <summary>
    /// The rows in the ASA's order: label and value. Out Drop Packets and Out P2 Exchange Invalids stay
    /// 0: the engine drops nothing it has built, and no peer reports an exchange of ours as invalid. The IKEv2
    /// block (<paramref name="ikev2"/>) has In and Out Drop Fragments after In and Out Drop Packets [M]; the
    /// latter stays 0 for the same reason.
    /// </summary>
    public IEnumerable<(string Label, long Value)> Rows(int activeTunnels, bool ikev2 = false)
    {
        (string, long)[] inDrop = ikev2 ? [("In Drop Fragments:", Fragments.InDropFragments)] : [], outDrop = ikev2 ? [("Out Drop Fragments:", 0)] : [];
        return
        [
            ("Active Tunnels:", activeTunnels), ("Previous Tunnels:", PreviousTunnels), ("In Octets:", InOctets),
            ("In Packets:", InPackets), ("In Drop Packets:", InDropPackets), .. inDrop, ("In Notifys:", InNotifys),
            ("In P2 Exchanges:", InP2Exchanges), ("In P2 Exchange Invalids:", InP2ExchangeInvalids), ("In P2 Exchange Rejects:", InP2ExchangeRejects),
            ("In P2 Sa Delete Requests:", InP2SaDeleteRequests), ("Out Octets:", OutOctets), ("Out Packets:", OutPackets),
            ("Out Drop Packets:", 0), .. outDrop, ("Out Notifys:", OutNotifys), ("Out P2 Exchanges:", OutP2Exchanges), ("Out P2 Exchange Invalids:", 0),
            ("Out P2 Exchange Rejects:", OutP2ExchangeRejects), ("Out P2 Sa Delete Requests:", OutP2SaDeleteRequests), ("Initiator Tunnels:", InitiatorTunnels),
            ("Initiator Fails:", InitiatorFails), ("Responder Fails:", ResponderFails), ("System Capacity Fails:", SystemCapacityFails), ("Auth Fails:", AuthFails),
            ("Decrypt Fails:", DecryptFails), ("Hash Valid Fails:", HashValidFails), ("No Sa Fails:", NoSaFails),
        ];
    }
}
