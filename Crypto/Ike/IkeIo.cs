using System.Net;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// An IKE datagram with its addresses. On UDP 4500 the socket layer removes and adds the
/// non-ESP marker (RFC 3948 §2.2): the engine sees ISAKMP messages only.
/// </summary>
public sealed record IkeDatagram(IPEndPoint Local, IPEndPoint Remote, ReadOnlyMemory<byte> Data);

/// <summary>What the engine asks of the world after an input: datagrams to send, events to publish.</summary>
public sealed class IkeOutputs
{
    /// <summary>The debug levels this step builds lines for (the driver's, from <c>debug crypto ...</c>).</summary>
    public IkeDebugLevels Debug { get; init; } = IkeDebugLevels.All;

    /// <summary>
    /// When the engine wants <see cref="IkeEngine.Tick"/> next (a retransmission, DPD, a rekey, a
    /// lifetime or timeout): the driver sleeps until then or the next datagram. Null: nothing is due.
    /// </summary>
    public DateTimeOffset? NextDeadline { get; set; }

    public List<IkeDatagram> Datagrams { get; } = [];
    public List<AsaEvent> Events { get; } = [];
    /// <summary>Diffie-Hellman work to do off the control loop; its result comes back through <see cref="IkeEngine.DhCompleted"/>.</summary>
    public List<DhRequest> DhWork { get; } = [];
    /// <summary>
    /// Authentications for an AAA server group (XAUTH against RADIUS), to hand to the AAA service; each
    /// result comes back through <see cref="IkeEngine.AaaCompleted"/> with the same ticket.
    /// </summary>
    public List<Aaa.AaaWork> AaaWork { get; } = [];
    /// <summary>Accounting Start and Stop messages of sessions whose tunnel-group has an <c>accounting-server-group</c>: sent, not awaited.</summary>
    public List<Aaa.AccountingRecord> Accounting { get; } = [];
    /// <summary>IPsec SA pairs to install in the dataplane.</summary>
    public List<ChildSa> Installed { get; } = [];
    /// <summary>
    /// IPsec SA pairs to install for their inbound SA only (<see cref="ChildSa.InboundOnly"/>), before
    /// the peer may use them; the pair's own install (same inbound SPI) completes each in place, or a removal ends it.
    /// </summary>
    public List<ChildSa> Receiving { get; } = [];
    /// <summary>IPsec SA pairs to remove (by their inbound SPI).</summary>
    public List<ChildSa> Removed { get; } = [];

    /// <summary>NAT-T keepalives to send: one 0xFF byte from UDP 4500, without the non-ESP marker (RFC 3948 §2.3).</summary>
    public List<IkeDatagram> NatKeepalives { get; } = [];

    public void Send(IkeDatagram datagram) => Datagrams.Add(datagram);
    public void Publish(AsaEvent e) => Events.Add(e);
}

/// <summary>
/// The Diffie-Hellman work of one negotiation: our key pair in the group (made now, or the one made
/// for our first message), and g^xy with the peer's public value when there is one.
/// </summary>
public sealed record DhRequest(ulong CookieI, Keying.DhGroup Group, byte[] PeerPublicValue, Keying.IDiffieHellman? Pair = null)
{
    /// <summary>Does the work (expensive: modular exponentiations), on any thread.</summary>
    public DhResult Compute(Keying.IRandom random) => Compute(Pair ?? Group.CreateKeyPair(random));

    /// <summary>Does the work with a key pair made in advance.</summary>
    public DhResult Compute(Keying.IDiffieHellman pair)
    {
        if (PeerPublicValue.Length == 0) return new DhResult(CookieI, Keying.DhStatus.Ok, pair.PublicValue.ToArray(), [], pair);
        var shared = new byte[Group.SharedSecretLength];
        var status = pair.TryComputeSharedSecret(PeerPublicValue, shared);
        return new DhResult(CookieI, status, pair.PublicValue.ToArray(), shared, pair);
    }
}

/// <param name="SharedSecret">g^xy; empty when only a key pair was asked for.</param>
/// <param name="Pair">Our key pair, for a negotiation that needs g^xy later.</param>
public sealed record DhResult(ulong CookieI, Keying.DhStatus Status, byte[] PublicValue, byte[] SharedSecret, Keying.IDiffieHellman? Pair = null);
