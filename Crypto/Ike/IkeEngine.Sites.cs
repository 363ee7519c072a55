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
        if (config.SiteEntryFor(nameIf, source, destination) is { } site) Initiate(ctx, nameIf, site, source, destination);
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
                    Initiate(ctx, nameIf, site, source, destination);
                    return Finish(ctx);
                }
        return Finish(ctx);
    }

    /// <summary>
    /// The site's SA for traffic an entry covers: one per crypto ACL entry (<c>set inheritance rule</c>,
    /// the default) or per host pair (<c>data</c>), over the IKE SA with whichever of the entry's peers
    /// is up or being tried, else main mode with the first of them (the others are its backups).
    /// An <c>answer-only</c> entry starts nothing: its peer must.
    /// </summary>
    private void Initiate(IkeContext ctx, string nameIf, SiteEntry site, Ipv4 source, Ipv4 destination)
    {
        var config = ctx.Config;
        var entry = site.Entry;
        if (entry.ConnectionType == CryptoMapEntry.AnswerOnly)
        {
            new IkeLog(null, entry.Peers.FirstOrDefault() ?? "", ctx.Outputs).Main(IkeLog.Notice, LanToLanText.AnswerOnly(site.Map.Name, entry.Sequence));
            return;
        }
        if (entry.InheritanceData) site = site with { Proxies = new ProxyPair(source, Ipv4.HostMask, destination, Ipv4.HostMask) };
        var peers = entry.Peers.Select(p => IPAddress.TryParse(p, out var a) ? a : null).OfType<IPAddress>().ToList();
        if (peers.Count == 0 || LocalAddress(config, nameIf) is not { } local)
        {
            new IkeLog(null, entry.Peers.FirstOrDefault() ?? "", ctx.Outputs).Syslog(713042, 3, LanToLanText.NoPolicy(nameIf, source, destination));
            return;
        }
        if (!entry.IpsecProposals.IsEmpty && config.Get<Ikev2Enable>(nameIf) is not null)
        {
            InitiateIkev2(ctx, nameIf, site, local, peers[0]);
            return;
        }
        var existing = _sas.Values.FirstOrDefault(sa => peers.Contains(sa.Peer.Address) && !sa.Removed && sa.Ending is null && !sa.Superseded);
        if (existing is not null)
        {
            if (existing.Children.Any(c => c.Proxies == site.Proxies)
                || existing.Tasks.QuickModes.Values.OfType<QuickModeInitiator>().Any(q => q.Proxies == site.Proxies)) return;
            if (existing.Established && existing.Keys is { } keys) StartSiteQuickMode(ctx, existing, keys, site);
            else if (!existing.PendingSites.Contains(site.Proxies)) existing.PendingSites.Add(site.Proxies);
            return;
        }
        if (StartMainMode(ctx, nameIf, local, peers[0], "New Phase 1", site.Proxies, site.Map.Name) is not { } sa) return;
        sa.PendingSites.Add(site.Proxies);
        sa.BackupPeers.AddRange(peers.Skip(1));
    }

    /// <summary>
    /// A site's main mode got no answer: the next of the entry's backup peers is tried with the same
    /// traffic waiting (the ASA goes down its <c>set peer</c> list in order) [M: the debug line].
    /// </summary>
    private void TryBackupPeer(IkeContext ctx, IkeSa failed)
    {
        if (failed.Role != IkeRole.Initiator || failed.RemoteAccessClient || failed.Established || failed.BackupPeers.Count == 0
            || failed.PendingSites.Count == 0) return;
        var proxies = failed.PendingSites[0];
        var next = failed.BackupPeers[0];
        new IkeLog(null, failed.Peer.Address.ToString(), ctx.Outputs).Main(IkeLog.Milestone, LanToLanText.TryingBackupPeer(failed.Peer.Address.ToString(), next.ToString()));
        var map = ctx.Config.SiteEntryFor(failed.NameIf, proxies.LocalNetwork, proxies.RemoteNetwork)?.Map.Name ?? "";
        if (StartMainMode(ctx, failed.NameIf, failed.Local.Address, next, "New Phase 1", proxies, map) is not { } sa) return;
        sa.PendingSites.AddRange(failed.PendingSites);
        sa.BackupPeers.AddRange(failed.BackupPeers.Skip(1));
    }

    /// <summary>
    /// Main mode to a site's peer, this end the initiator, with the pre-shared key of the tunnel-group
    /// named after it; null when there is none (713022's wording, as on the ASA).
    /// </summary>
    private IkeSa? StartMainMode(IkeContext ctx, string nameIf, IPAddress local, IPAddress peer, string what, ProxyPair proxies, string map)
    {
        var config = ctx.Config;
        var peerName = peer.ToString();
        var group = config.Get<TunnelGroup>(peerName);
        if (group?.PreSharedKey is not { } psk)
        {
            new IkeLog(null, peerName, ctx.Outputs).Main(IkeLog.Milestone, $"No Group found matching {peerName} for Pre-shared key peer {peerName}");
            return null;
        }
        var sa = new IkeSa
        {
            CookieI = ctx.RandomIkeSpi(),
            Role = IkeRole.Initiator,
            Mode = ExchangeType.IdentityProtection,
            Local = new IPEndPoint(local, IkePort),
            Peer = new IPEndPoint(peer, IkePort),
            NameIf = nameIf,
            TunnelGroup = peerName,
            Created = ctx.Now,
            LastHeard = ctx.Now,
        };
        _sas[sa.CookieI] = sa;
        Statistics.InitiatorTunnels++;
        new IkeLog(null, peerName, ctx.Outputs).Syslog(713041, 5, LanToLanText.Initiator(what, nameIf, peerName, proxies, map));
        var offer = new Phase1Offer(PolicyTransforms(config), psk, Phase1.AddressIdBody(local), SiteFollowUps,
            NatTraversal: !config.NatTDisabledFor(nameIf, peerName),
            InitialContact: !_sas.Values.Any(o => o != sa && o.Established && !o.Removed && o.Peer.Address.Equals(peer)));
        Settle(ctx, sa, sa.Tasks.Begin(ctx, new MainModeInitiator(sa, offer), initiate: true));
        if (!sa.Removed) Schedule(sa, config);
        return sa;
    }

    /// <summary>
    /// The peer's MM1 arrives while this end's own main mode with it still waits for MM2: traffic on both
    /// LANs started both at once, and two IKE SAs would make two tunnels. Both ends settle it alike from
    /// the two initiator cookies, which each now knows: the main mode with the higher one goes on, the
    /// other is dropped at both ends (the winner leaves the loser's MM1 unanswered, the loser abandons its
    /// own). The loser's waiting traffic is the winner's to carry (its Quick Mode is for the same ACL
    /// entry, mirrored), else the next packet starts a Quick Mode over the winner's IKE SA. [M: the ASA's
    /// rule is not documented; its 713092 names the same collision on a phase 1 rekey.] True when the
    /// peer's MM1 is to be dropped.
    /// </summary>
    private bool Phase1Collision(IkeContext ctx, IkeDatagram datagram, IsakmpHeader header)
    {
        var own = _sas.Values.FirstOrDefault(sa => sa.Role == IkeRole.Initiator && !sa.RemoteAccessClient && sa.State == IkeSaState.MmWaitMsg2
            && sa.Peer.Address.Equals(datagram.Remote.Address) && !sa.Removed);
        if (own is null) return false;
        var log = new IkeLog(null, datagram.Remote.Address.ToString(), ctx.Outputs);
        if (own.CookieI > header.InitiatorCookie)
        {
            log.Main(IkeLog.Notice, LanToLanText.Phase1CollisionKept(own.CookieI, header.InitiatorCookie));
            return true;
        }
        log.Main(IkeLog.Notice, LanToLanText.Phase1CollisionYielded(own.CookieI, header.InitiatorCookie));
        Remove(own);
        return false;
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
        new IkeLog(sa, ctx.Outputs).Syslog(713041, 5, LanToLanText.Initiator("New Phase 2", sa.NameIf, sa.Peer.Address.ToString(), site.Proxies, site.Map.Name));
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
        var lifetime = config.IpsecSaLifetimeOf(entry);
        var offer = new QuickModeOffer(transforms, sa.Local.Port == NatTPort, proxies.LocalNetwork, proxies.LocalMask, proxies.RemoteNetwork,
            proxies.RemoteMask, lifetime.Seconds, lifetime.Kilobytes,
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
