using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// What keys a Child SA made by CREATE_CHILD_SA (§2.17): its own nonces, and g^ir of its PFS exchange
/// (empty without PFS) with the group; the first Child SA takes the IKE SA's nonces.
/// </summary>
public sealed record ChildKeying(byte[] NonceI, byte[] NonceR, byte[] PfsSecret, int? PfsGroup);

/// <summary>
/// A Child SA as the dataplane takes it: the same <see cref="ChildSa"/> an IKEv1 site's Quick Mode
/// installs, keyed from KEYMAT = prf+ (SK_d, Ni | Nr) (§2.17), for the crypto map entry whose ACL
/// entry the traffic selectors were narrowed to; its 602303 as it comes, 602304 as it goes.
/// </summary>
public static class Ikev2ChildSas
{
    public static ChildSa? Create(IkeContext ctx, Ikev2Sa sa, EspSuite suite, uint inboundSpi, uint outboundSpi, SiteEntry site, ChildKeying? keying = null)
    {
        keying ??= new ChildKeying(sa.NonceI, sa.NonceR, [], null);
        var transform = suite.Transform;
        if (sa.Keys is not { } keys || sa.Suite is not { } ike
            || !EspKeySizes.TryGet(transform.TransformId, transform.KeyBits, transform.Authentication, out var encryptionLength, out var integrityLength))
            return null;
        var keymat = Ikev2KeyDerivation.ChildKeymat(ike.PrfHash, keys.SkD, keying.PfsSecret, keying.NonceI, keying.NonceR, 2 * (encryptionLength + integrityLength));
        var childKeys = Ikev2KeyDerivation.SplitChildKeymat(keymat, encryptionLength, integrityLength, sa.Role == IkeRole.Initiator, inboundSpi, outboundSpi);
        var entry = site.Entry;
        var lifetime = ctx.Config.IpsecSaLifetimeOf(entry);
        var proxies = site.Proxies;
        var child = new ChildSa(sa.SpiI, childKeys, transform, sa.Local, sa.Peer, sa.Local.Port == 4500,
            proxies.RemoteNetwork, proxies.RemoteMask, proxies.LocalNetwork, proxies.LocalMask,
            lifetime.Seconds, lifetime.Kilobytes,
            site.Map.Name, entry.Sequence, entry.ReverseRoute, sa.TunnelGroup, null, ctx.Now, keying.PfsGroup);
        sa.Children.Add(child);
        ctx.Outputs.Installed.Add(child);
        IpsecSaEvents.Created(ctx, sa, child);
        return child;
    }

    /// <summary>Takes a Child SA out of the dataplane (a DELETE, the IKE SA's end), with its 602304.</summary>
    public static void Remove(IkeContext ctx, Ikev2Sa sa, ChildSa child)
    {
        if (!sa.Children.Remove(child)) return;
        sa.Rekeying.Remove(child.InboundSpi);
        ctx.Outputs.Removed.Add(child);
        IpsecSaEvents.Deleted(ctx, sa, child);
    }
}
