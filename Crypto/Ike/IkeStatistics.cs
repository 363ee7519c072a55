namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The engine's global IKEv1 counters, as <c>show crypto isakmp stats</c> prints them (reference
/// §3.3, after CISCO-IPSEC-FLOW-MONITOR-MIB). Owned by the control loop.
/// </summary>
public sealed class IkeStatistics
{
    public long PreviousTunnels, InOctets, InPackets, InDropPackets, InNotifys, InP2Exchanges, InP2ExchangeRejects,
        InP2SaDeleteRequests, OutOctets, OutPackets, OutNotifys, OutP2SaDeleteRequests, ResponderFails, AuthFails,
        DecryptFails, HashValidFails, NoSaFails, SystemCapacityFails;

    public IkeStatistics Copy() => (IkeStatistics)MemberwiseClone();

    /// <summary>The rows in the ASA's order: label and value.</summary>
    public IEnumerable<(string Label, long Value)> Rows(int activeTunnels) =>
    [
        ("Active Tunnels:", activeTunnels), ("Previous Tunnels:", PreviousTunnels), ("In Octets:", InOctets),
        ("In Packets:", InPackets), ("In Drop Packets:", InDropPackets), ("In Notifys:", InNotifys),
        ("In P2 Exchanges:", InP2Exchanges), ("In P2 Exchange Invalids:", 0), ("In P2 Exchange Rejects:", InP2ExchangeRejects),
        ("In P2 Sa Delete Requests:", InP2SaDeleteRequests), ("Out Octets:", OutOctets), ("Out Packets:", OutPackets),
        ("Out Drop Packets:", 0), ("Out Notifys:", OutNotifys), ("Out P2 Exchanges:", 0), ("Out P2 Exchange Invalids:", 0),
        ("Out P2 Exchange Rejects:", 0), ("Out P2 Sa Delete Requests:", OutP2SaDeleteRequests), ("Initiator Tunnels:", 0),
        ("Initiator Fails:", 0), ("Responder Fails:", ResponderFails), ("System Capacity Fails:", SystemCapacityFails), ("Auth Fails:", AuthFails),
        ("Decrypt Fails:", DecryptFails), ("Hash Valid Fails:", HashValidFails), ("No Sa Fails:", NoSaFails),
    ];
}
