using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// The ASA as initiator for a site (LAN-to-LAN, reference §4.3): traffic that a static crypto map
/// entry's ACL permits, with no SA yet, starts Quick Mode for that ACL entry, and main mode first
/// when there is no IKE SA with the entry's peer yet. One SA pair per ACL entry, as on the ASA.
/// </summary>
public sealed partial class IkeEngine
{
    private const int IkePort = 500;

    /// <summary>
    /// Traffic from <paramref name="source"/> to <paramref name="destination"/> leaving by
    /// <paramref name="nameIf"/> needs an SA (the dataplane found none; <c>ping</c> from the CLI):
    /// the crypto map on the interface decides whether and with whom. Nothing happens when no static
    /// entry covers it, or an SA for it is up or being negotiated.
    /// </summary>
    public IkeOutputs Initiate(string nameIf, Ipv4 source, Ipv4 destination, AsaConfig config, DateTimeOffset now)
    {
        var ctx = Context(config, now);
        if (config.SiteEntryFor(nameIf, source, destination) is { } site) Initiate(ctx, nameIf, site);
        return Finish(ctx);
    }

    /// <summary>Traffic that found no SA, on whichever interface's crypto map covers it.</summary>
    public IkeOutputs Initiate(Ipv4 source, Ipv4 destination, AsaConfig config, DateTimeOffset now)
    {
        var ctx = Context(config, now);
        foreach (var map in config.CryptoMaps())
            foreach (var nameIf in map.Interfaces)
                if (config.SiteEntryFor(nameIf, source, destination) is { } site)
                {
                    Initiate(ctx, nameIf, site);
                    return Finish(ctx);
                }
        return Finish(ctx);
    }

    private void Initiate(IkeContext ctx, string nameIf, SiteEntry site)
    {
        var config = ctx.Config;
        if (site.Entry.Peers.FirstOrDefault() is not { } peerName || !IPAddress.TryParse(peerName, out var peer)) return;
        if (LocalAddress(config, nameIf) is not { } local) return;
        var existing = _sas.Values.FirstOrDefault(sa => sa.Peer.Address.Equals(peer) && !sa.Removed && sa.Ending is null);
        if (existing is not null)
        {
            if (existing.Children.Any(c => c.Proxies == site.Proxies)
                || existing.Tasks.QuickModes.Values.OfType<QuickModeInitiator>().Any(q => q.Proxies == site.Proxies)) return;
            if (existing.Established && existing.Keys is { } keys) StartSiteQuickMode(ctx, existing, keys, site);
            else if (!existing.PendingSites.Contains(site.Proxies)) existing.PendingSites.Add(site.Proxies);
            return;
        }
        var group = config.Get<TunnelGroup>(peerName);
        if (group?.PreSharedKey is not { } psk)
        {
            new IkeLog(null, peerName, ctx.Outputs).Main(IkeLog.Milestone, $"No Group found matching {peerName} for Pre-shared key peer {peerName}");
            return;
        }
        var sa = new IkeSa
        {
            CookieI = NewCookie(ctx),
            Role = IkeRole.Initiator,
            Mode = ExchangeType.IdentityProtection,
            Local = new IPEndPoint(local, IkePort),
            Peer = new IPEndPoint(peer, IkePort),
            NameIf = nameIf,
            TunnelGroup = peerName,
            Created = ctx.Now,
            LastHeard = ctx.Now,
        };
        sa.PendingSites.Add(site.Proxies);
        _sas[sa.CookieI] = sa;
        Statistics.InitiatorTunnels++;
        new IkeLog(null, peerName, ctx.Outputs).Syslog(713041, 5,
            $"IKE Initiator: New Phase 1, Intf {nameIf}, IKE Peer {peerName}  local Proxy Address {site.Proxies.LocalNetwork}, remote Proxy Address {site.Proxies.RemoteNetwork},  Crypto map ({site.Map.Name})");
        var offer = new Phase1Offer(PolicyTransforms(config), psk, Phase1.AddressIdBody(local), SiteFollowUps);
        Settle(ctx, sa, sa.Tasks.Begin(ctx, new MainModeInitiator(sa, offer), initiate: true));
        if (!sa.Removed) Schedule(sa, config);
    }

    /// <summary>Once phase 1 is done: a Quick Mode for each traffic selector that waited for it.</summary>
    private IEnumerable<IkeTask> SiteFollowUps(IkeSa sa, IkeKeys keys)
    {
        var pending = sa.PendingSites.ToList();
        sa.PendingSites.Clear();
        return pending.Select(p => SiteQuickMode(_lastConfig ?? AsaConfig.Empty, sa, keys, p)).OfType<IkeTask>();
    }

    private void StartSiteQuickMode(IkeContext ctx, IkeSa sa, IkeKeys keys, SiteEntry site)
    {
        if (SiteQuickMode(ctx.Config, sa, keys, site.Proxies) is { } task) Settle(ctx, sa, sa.Tasks.StartQuickMode(ctx, task));
        Schedule(sa, ctx.Config);
    }

    /// <summary>The Quick Mode for one crypto ACL entry, from the map entry that has it (transform sets, PFS, lifetimes).</summary>
    private static QuickModeInitiator? SiteQuickMode(AsaConfig config, IkeSa sa, IkeKeys keys, ProxyPair proxies)
    {
        if (config.SiteEntryFor(sa.NameIf, proxies.LocalNetwork, proxies.RemoteNetwork) is not { } site) return null;
        var entry = site.Entry;
        var transforms = entry.TransformSets.Select(config.FindTransformSet).OfType<TransformSet>().Select(EspTransforms.Of).OfType<EspTransform>().ToList();
        if (transforms.Count == 0) return null;
        var lifetime = config.EffectiveIpsecSaLifetime();
        var offer = new QuickModeOffer(transforms, sa.Local.Port == NatTPort, proxies.LocalNetwork, proxies.LocalMask, proxies.RemoteNetwork,
            proxies.RemoteMask, entry.Lifetime.Seconds ?? lifetime.EffectiveSeconds, entry.Lifetime.Kilobytes ?? lifetime.EffectiveKilobytes,
            entry.PfsGroup, site.Map.Name, entry.Sequence, entry.ReverseRoute);
        return new QuickModeInitiator(sa, keys, offer);
    }

    /// <summary>The <c>crypto ikev1 policy</c> entries with pre-shared keys, by priority, as one proposal's transforms (what an ASA offers in MM1).</summary>
    private static List<Transform> PolicyTransforms(AsaConfig config)
    {
        var transforms = new List<Transform>();
        byte n = 1;
        foreach (var policy in config.IkePolicies().Where(p => p.Authentication == "pre-share"))
        {
            var (algorithm, bits) = Phase1Selector.PolicyCipher(policy.Encryption);
            var attributes = new List<DataAttribute> { DataAttribute.Basic(OakleyAttributes.EncryptionAlgorithm, (ushort)algorithm) };
            if (bits is { } b) attributes.Add(DataAttribute.Basic(OakleyAttributes.KeyLength, (ushort)b));
            attributes.Add(DataAttribute.Basic(OakleyAttributes.HashAlgorithm, (ushort)Phase1Selector.PolicyHash(policy.Hash)));
            attributes.Add(DataAttribute.Basic(OakleyAttributes.AuthenticationMethod, OakleyAttributes.PreSharedKey));
            attributes.Add(DataAttribute.Basic(OakleyAttributes.GroupDescription, (ushort)policy.Group));
            attributes.Add(DataAttribute.Basic(OakleyAttributes.LifeType, OakleyAttributes.LifeSeconds));
            attributes.Add(DataAttribute.Integer(OakleyAttributes.LifeDuration, (uint)Math.Min(policy.Lifetime ?? IkePolicy.DefaultLifetime, uint.MaxValue)));
            transforms.Add(new Transform(n++, OakleyAttributes.KeyIke, attributes));
        }
        return transforms;
    }

    private static IPAddress? LocalAddress(AsaConfig config, string nameIf) =>
        config.All<Interface>().FirstOrDefault(i => i.NameIf == nameIf)?.Ip is { Learned: false } ip ? IPAddress.Parse(ip.Address.ToString()) : null;
}
