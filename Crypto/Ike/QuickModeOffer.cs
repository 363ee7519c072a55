using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// What this end proposes in a Quick Mode it begins: the ESP transforms, best first, the proxies
/// (its own side first, RFC 2409 §5.5: IDci), lifetimes, PFS, and the config the SA will say it came
/// from. A rekey repeats the SA it replaces; an EzVPN client asks for its Mode Config address to
/// anywhere.
/// </summary>
public sealed record QuickModeOffer(
    IReadOnlyList<EspTransform> Transforms,
    bool UdpEncapsulated,
    Ipv4 LocalAddress,
    Ipv4 LocalMask,
    Ipv4 RemoteAddress,
    Ipv4 RemoteMask,
    long LifetimeSeconds,
    long? LifetimeKilobytes,
    int? PfsGroup,
    string CryptoMap = "",
    int Sequence = 0,
    bool ReverseRoute = false)
{
    /// <summary>The SA a rekey replaces (its transform, proxies and PFS group are offered again); null for a new SA.</summary>
    public ChildSa? Replaces { get; init; }

    /// <summary>A rekey of <paramref name="old"/> before it expires.</summary>
    public static QuickModeOffer Rekey(ChildSa old) =>
        new([old.Transform], old.UdpEncapsulated, old.LocalAddress, old.LocalMask, old.RemoteAddress, old.RemoteMask,
            old.LifetimeSeconds, old.LifetimeKilobytes, old.PfsGroup, old.CryptoMap, old.Sequence, old.ReverseRoute) { Replaces = old };

    /// <summary>An EzVPN client's first SA: its Mode Config address to anywhere, with the profile's transforms.</summary>
    public static QuickModeOffer ForClient(RemoteAccessProfile profile, IkeSa sa, Ipv4 address) =>
        new([.. profile.EspTransforms.Select(t => new EspTransform(t.TransformId, t.KeyBits, t.Integrity, ""))],
            sa.NatT is not null, address, Ipv4.HostMask, Ipv4.Any, Ipv4.Any, profile.Phase2Lifetime, null, profile.PfsGroup);
}
