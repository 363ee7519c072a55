namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// The IKEv1 and IPsec settings of a snapshot as the IKE engine reads them: effective values,
/// defaults filled in, lists in the order the ASA consults them.
/// </summary>
public static class CryptoQueries
{
    /// <summary>Phase-1 policies in ascending priority (the order proposals are matched in).</summary>
    public static IReadOnlyList<IkePolicy> IkePolicies(this AsaConfig config) =>
        config.All<IkePolicy>().OrderBy(p => p.Priority).ToList();

    public static TransformSet? FindTransformSet(this AsaConfig config, string name) => config.Get<TransformSet>(name);

    public static IEnumerable<TransformSet> TransformSets(this AsaConfig config) => config.All<TransformSet>();

    /// <summary>Crypto maps in creation order.</summary>
    public static IEnumerable<CryptoMap> CryptoMaps(this AsaConfig config) => config.All<CryptoMap>();

    public static CryptoMap? FindCryptoMap(this AsaConfig config, string name) => config.Get<CryptoMap>(name);

    /// <summary>The crypto map applied to a nameif, if any.</summary>
    public static CryptoMap? CryptoMapOn(this AsaConfig config, string nameIf) =>
        config.All<CryptoMap>().FirstOrDefault(m => m.Interfaces.Contains(nameIf));

    public static IEnumerable<DynamicMap> DynamicMaps(this AsaConfig config) => config.All<DynamicMap>();

    public static DynamicMap? FindDynamicMap(this AsaConfig config, string name) => config.Get<DynamicMap>(name);

    /// <summary>
    /// Whether the tunnel-group named is a site's (LAN-to-LAN): of type <c>ipsec-l2l</c> (named after the
    /// peer, or DefaultL2LGroup); false for a remote-access one, or none.
    /// </summary>
    public static bool IsLanToLanGroup(this AsaConfig config, string? tunnelGroup) =>
        tunnelGroup is { } name && config.Get<TunnelGroup>(name)?.Type == TunnelGroup.LanToLan;

    /// <summary>Nameifs with <c>crypto ikev1 enable</c>.</summary>
    public static IReadOnlyList<string> IkeEnabledInterfaces(this AsaConfig config) =>
        config.All<IkeEnable>().Select(e => e.Interface).ToList();

    public static bool IsIkeEnabled(this AsaConfig config, string nameIf) => config.Get<IkeEnable>(nameIf) is not null;

    /// <summary>Nameifs with <c>crypto ikev1 enable</c> or <c>crypto ikev2 enable</c>: where UDP 500 and 4500 are listened on.</summary>
    public static IReadOnlyList<string> IkeListeningInterfaces(this AsaConfig config) =>
        config.IkeEnabledInterfaces().Concat(config.All<Ikev2Enable>().Select(e => e.Interface)).Distinct().ToList();

    /// <summary>NAT-T settings, the default (enabled, 20 s keepalive) when not configured.</summary>
    public static NatTraversal EffectiveNatTraversal(this AsaConfig config) => config.Get<NatTraversal>() ?? NatTraversal.Default;

    /// <summary>The global IPsec SA lifetime, ASA defaults (28800 s, 4608000 kB) for what is not configured.</summary>
    public static IpsecSaLifetime EffectiveIpsecSaLifetime(this AsaConfig config) =>
        config.Get<IpsecSaLifetime>() ?? new IpsecSaLifetime(SaLifetime.None);

    /// <summary>
    /// The lifetime of an IPsec SA of <paramref name="entry"/>: the entry's <c>set security-association lifetime</c>,
    /// else the global one, else the ASA's defaults (Kilobytes null: unlimited).
    /// </summary>
    public static (long Seconds, long? Kilobytes) IpsecSaLifetimeOf(this AsaConfig config, CryptoMapEntry entry)
    {
        var global = config.EffectiveIpsecSaLifetime();
        return (entry.Lifetime.Seconds ?? global.EffectiveSeconds, entry.Lifetime.UnlimitedKilobytes ? null : entry.Lifetime.Kilobytes ?? global.EffectiveKilobytes);
    }

    /// <summary>The phase-1 identity kind: <c>auto</c> unless configured.</summary>
    public static IsakmpIdentity EffectiveIsakmpIdentity(this AsaConfig config) =>
        config.Get<IsakmpIdentity>() ?? new IsakmpIdentity(IsakmpIdentity.Auto);

    public static bool AggressiveModeAllowed(this AsaConfig config) => config.Get<AggressiveModeDisabled>() is null;

    /// <summary>
    /// The UDP ports Cisco's IPsec over UDP needs open: the <c>ipsec-udp-port</c> of every group policy whose
    /// attributes, with what they inherit from DfltGrpPolicy, say <c>ipsec-udp enable</c> (a username's
    /// attributes cannot set it). They are open while the config has them, whichever session will use one.
    /// </summary>
    public static IReadOnlySet<int> IpsecUdpPorts(this AsaConfig config)
    {
        var ports = new SortedSet<int>();
        var inherited = (config.Get<GroupPolicy>(GroupPolicy.DefaultName)?.Attributes ?? PolicyAttributes.Empty).Over(PolicyAttributes.AsaDefaults);
        foreach (var attributes in config.All<GroupPolicy>().Select(p => p.Attributes.Over(inherited)).Append(inherited))
            if (attributes.IpsecUdp == true) ports.Add((int)(attributes.IpsecUdpPort ?? PolicyAttributes.DefaultIpsecUdpPort));
        return ports;
    }
}
