using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>IKEv2 SA states as <c>show crypto ikev2 sa</c> names them [M]: in negotiation until IKE_AUTH completes, then ready.</summary>
public enum Ikev2SaState { Negotiating, Ready }

/// <summary>
/// One IKEv2 SA (RFC 7296 §2): its SPIs and endpoints, what authenticated it, its keys (SK_d for
/// Child SAs, one <see cref="SkProtection"/> per direction), the IKE_SA_INIT messages and nonces AUTH
/// signs (§2.15), its exchanges (<see cref="Exchanges"/>, window size 1), and the Child SAs it
/// installed. Owned by the control loop; no locking.
/// </summary>
public sealed class Ikev2Sa : IDisposable
{
    public Ikev2Sa() => Exchanges = new Ikev2TaskManager(this);

    public required ulong SpiI { get; init; }
    /// <summary>The responder's SPI: ours as responder, learnt from the IKE_SA_INIT response as initiator.</summary>
    public ulong SpiR { get; set; }
    public required IkeRole Role { get; init; }
    public required IPEndPoint Local { get; set; }
    public required IPEndPoint Peer { get; set; }
    public required string NameIf { get; init; }
    public required DateTimeOffset Created { get; init; }

    /// <summary>The negotiation's number in the debug lines (<c>IKEv2-PROTO-2: (16): ...</c>), counted by the engine.</summary>
    public int Number { get; init; }

    /// <summary>The SPI this end chose, by which the engine keeps the SA (§2.6: each end picks its own).</summary>
    public ulong OwnSpi => Role == IkeRole.Initiator ? SpiI : SpiR;

    /// <summary>
    /// The tunnel-group named after the peer (or DefaultL2LGroup, as IKEv1's main mode finds it), found once when
    /// the negotiation begins: its IKEv2 pre-shared keys authenticate both ends.
    /// </summary>
    public string? TunnelGroup { get; init; }

    /// <summary>Its exchanges: what this end asked and waits for, and the peer's requests answered (§2.1-§2.3).</summary>
    public Ikev2TaskManager Exchanges { get; }

    public Ikev2SaState State => Established ? Ikev2SaState.Ready : Ikev2SaState.Negotiating;

    /// <summary>IKE_AUTH completed: both ends proved the pre-shared key.</summary>
    public bool Established { get; set; }
    public DateTimeOffset EstablishedAt { get; set; }
    public bool Removed { get; set; }

    /// <summary>Why an exchange decided the IKE SA must go (the engine deletes it after the step, §1.4.1); null while it goes on.</summary>
    public string? Ending { get; set; }

    /// <summary>The peer deleted the IKE SA (or is gone): it goes without a DELETE of ours.</summary>
    public bool EndQuietly { get; set; }

    public IkeSuite? Suite { get; private set; }

    /// <summary>The IKE SA's lifetime in seconds, from the policy that allows its transforms (0: none).</summary>
    public long LifetimeSeconds { get; set; } = ConfigModel.Model.Ikev2Policy.DefaultLifetime;
    public Ikev2SaKeys? Keys { get; private set; }
    /// <summary>SK protection of the messages this end sends (SK_ei/SK_ai as initiator, SK_er/SK_ar as responder) and of those it receives.</summary>
    public SkProtection? Outbound { get; private set; }
    public SkProtection? Inbound { get; private set; }

    public byte[] NonceI { get; set; } = [];
    public byte[] NonceR { get; set; } = [];
    /// <summary>The IKE_SA_INIT request and response as sent, which the initiator's and the responder's AUTH sign (§2.15).</summary>
    public byte[] InitRequest { get; set; } = [];
    public byte[] InitResponse { get; set; } = [];

    /// <summary>
    /// Both ends announced IKEV2_FRAGMENTATION_SUPPORTED in IKE_SA_INIT (RFC 7383 §2.3; a rekeyed SA's successor
    /// inherits it): protected messages too large for <see cref="FragmentMtu"/> go in fragments.
    /// </summary>
    public bool FragmentationAgreed => FragmentMtu is not null;

    /// <summary>The <c>crypto ikev2 fragmentation mtu</c> in force when both ends agreed to fragmentation; null when they did not.</summary>
    public long? FragmentMtu { get; set; }

    /// <summary>The peer's fragments of messages not yet whole (RFC 7383 §2.6).</summary>
    public Ikev2Reassembly Reassembly { get; } = new();

    /// <summary>The engine's fragmentation counters, which its SAs share.</summary>
    public Ikev2FragmentStatistics FragmentStatistics { get; init; } = new();

    public bool PeerBehindNat { get; set; }
    public bool LocalBehindNat { get; set; }

    /// <summary>When an authenticated message of the peer last came (liveness).</summary>
    public DateTimeOffset LastHeard { get; set; }

    /// <summary>The site whose traffic began the SA (initiator): the first Child SA is for its crypto ACL entry.</summary>
    public SiteEntry? Site { get; init; }

    /// <summary>The Child SAs (ESP SA pairs) installed under this IKE SA.</summary>
    public List<ChildSa> Children { get; } = [];

    /// <summary>Inbound SPIs of the Child SAs whose rekey this end began (it begins once); a Child SA's goes with it.</summary>
    public HashSet<uint> Rekeying { get; } = [];

    /// <summary>What each Child SA pair carried (by inbound SPI, as the dataplane counts it), also after it was rekeyed away.</summary>
    public Dictionary<uint, ChildSaUsage> Usage { get; } = [];

    /// <summary>Inner bytes the tunnel sent to and received from the peer, its rekeyed-away Child SAs too (113019).</summary>
    public long BytesSent => Usage.Values.Sum(u => u.BytesOut);
    public long BytesReceived => Usage.Values.Sum(u => u.BytesIn);

    /// <summary>When traffic last crossed one of its Child SAs (default until then: see <see cref="IdleSince"/>).</summary>
    public DateTimeOffset LastTraffic { get; set; }

    /// <summary>
    /// When the tunnel last carried traffic, or came up: the group policy's <c>vpn-idle-timeout</c> counts from
    /// here (an IKE SA made by a rekey has its predecessor's, <see cref="HandOver"/>).
    /// </summary>
    public DateTimeOffset IdleSince => LastTraffic != default ? LastTraffic : EstablishedAt;

    /// <summary>When the tunnel came up: its first IKE SA's IKE_AUTH, kept across IKE SA rekeys (<c>Login Time</c>, <c>Duration</c>, 113019).</summary>
    public DateTimeOffset SessionStart
    {
        get => _sessionStart != default ? _sessionStart : EstablishedAt;
        set => _sessionStart = value;
    }

    private DateTimeOffset _sessionStart;

    /// <summary>
    /// The share of a Child SA's lifetime, in seconds or kilobytes, at which this end rekeys it: the IKE
    /// SA's initiator at 95%, the responder at 97.5% should the other end not have done it by then, so two
    /// ends of ours do not collide (§2.8.1) [M].
    /// </summary>
    public double RekeyShare => Role == IkeRole.Initiator ? 0.95 : 0.975;

    /// <summary>When this end rekeys a Child SA by its lifetime in seconds (<see cref="RekeyShare"/>).</summary>
    public DateTimeOffset RekeyDue(ChildSa child) => child.Created + TimeSpan.FromSeconds(child.LifetimeSeconds * RekeyShare);

    /// <summary>
    /// The keys of the SA once the Diffie-Hellman exchange is done (§2.14): SKEYSEED from the nonces and
    /// g^ir, the seven secrets, and the SK protection of each direction.
    /// </summary>
    public bool Key(IkeSuite suite, ReadOnlySpan<byte> sharedSecret, bool fromSkeyseed = false)
    {
        var prf = suite.PrfHash;
        var skeyseed = fromSkeyseed ? sharedSecret.ToArray() : Ikev2KeyDerivation.Skeyseed(prf, NonceI, NonceR, sharedSecret);
        var keys = Ikev2KeyDerivation.DeriveIkeSa(prf, suite.EncryptionKeyLength, suite.IntegrityKeyLength, skeyseed, NonceI, NonceR, SpiI, SpiR);
        var initiator = SkProtection.Create(suite.Encryption, suite.KeyBits, suite.Integrity, keys.SkEi, keys.SkAi);
        var responder = SkProtection.Create(suite.Encryption, suite.KeyBits, suite.Integrity, keys.SkEr, keys.SkAr);
        if (initiator is null || responder is null)
        {
            initiator?.Dispose();
            responder?.Dispose();
            return false;
        }
        (Suite, Keys) = (suite, keys);
        (Outbound, Inbound) = Role == IkeRole.Initiator ? (initiator, responder) : (responder, initiator);
        return true;
    }

    /// <summary>
    /// The keys of the IKE SA that replaces <paramref name="old"/> (§2.18): SKEYSEED = prf (SK_d (old),
    /// g^ir (new) | Ni | Nr) with the old SA's PRF (strongSwan does the same), then the seven secrets
    /// with the new SA's, its nonces and its SPIs.
    /// </summary>
    public bool Rekey(Ikev2Sa old, IkeSuite suite, ReadOnlySpan<byte> sharedSecret)
    {
        var skeyseed = Ikev2KeyDerivation.RekeySkeyseed(old.Suite!.PrfHash, old.Keys!.SkD, sharedSecret, NonceI, NonceR);
        return Key(suite, skeyseed, fromSkeyseed: true);
    }

    /// <summary>This end began the IKE SA's rekey (it begins once).</summary>
    public bool IkeRekeying { get; set; }

    /// <summary>A newer IKE SA took this one's Child SAs over (a rekey, §2.18): it goes without ending the tunnel.</summary>
    public bool Superseded { get; set; }

    /// <summary>The IKE SA that replaces this one, made by a rekey during the step; the engine takes it into its table.</summary>
    public Ikev2Sa? Successor { get; set; }

    /// <summary>Moves the Child SAs to <paramref name="successor"/>, which now holds the tunnel.</summary>
    public void HandOver(Ikev2Sa successor)
    {
        successor.Children.AddRange(Children);
        Children.Clear();
        // The session goes on: what it carried and when it was last busy (its idle timeout) move with it.
        foreach (var (spi, usage) in Usage) successor.Usage[spi] = usage;
        successor.LastTraffic = IdleSince;
        successor.SessionStart = SessionStart;
        Superseded = true;
        Successor = successor;
    }

    /// <summary>
    /// The payloads of a protected message of the peer (its message ID already checked): an SK payload opened
    /// (§3.14), or an SKF payload (RFC 7383 §2.6) kept until its message is whole, then that message's. A
    /// fragment when fragmentation was not agreed, or of a response to no request of ours, is dropped unopened.
    /// </summary>
    public Ikev2Opening Open(IkeContext ctx, ReadOnlyMemory<byte> datagram, Ikev2Message message, out IReadOnlyList<Ikev2Payload>? payloads)
    {
        payloads = null;
        if (Inbound is not { } inbound) return Ikev2Opening.Failed;
        var header = message.Header;
        if (message.Payloads is not [.., Ikev2EncryptedFragmentPayload])
        {
            if (!inbound.TryOpen(datagram, message, out payloads, out _)) return Ikev2Opening.Failed;
            // Only an authentic whole message ends the fragments of its direction: a forged one must not.
            Reassembly.Forget(header.IsResponse);
            return Ikev2Opening.Opened;
        }
        if (!FragmentationAgreed || header.IsResponse && Exchanges.OutstandingMessageId != header.MessageId)
        {
            FragmentStatistics.Unexpected++;
            return Ikev2Opening.Dropped;
        }
        var opening = Reassembly.Add(inbound, datagram, message, FragmentStatistics, out payloads, out var fragment);
        Ikev2Text.FragmentReceived(ctx.Outputs, this, header.MessageId, fragment!, opening);
        return opening;
    }

    public void Dispose()
    {
        Outbound?.Dispose();
        Inbound?.Dispose();
    }
}
