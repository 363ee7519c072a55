using System.Collections.Immutable;
using System.Globalization;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// One sequence number of a crypto map or dynamic map (reference §4.3). Every setting is its own
/// one-line global command (<c>crypto map MAP 10 set peer ...</c>). Settings without a field of
/// their own (<c>set connection-type</c>, <c>set nat-t-disable</c>, <c>set inheritance</c>, which the
/// engine reads through <see cref="ConnectionType"/>, <see cref="NatTDisabled"/>, <see cref="InheritanceData"/>;
/// <c>set ikev2 ...</c>, <c>no ... set tfc-packets</c>, ...) are kept as <see cref="Extras"/> (text
/// after <c>crypto map MAP SEQ </c>, a leading <c>no </c> for negated lines), placed after the
/// modelled setting they followed when loaded, as a real ASA prints them.
/// </summary>
public sealed record CryptoMapEntry(int Sequence)
{
    /// <summary><c>ipsec-isakmp dynamic DYN</c>: the dynamic map this entry stands for (static maps only).</summary>
    public string? DynamicMap { get; init; }

    /// <summary><c>match address ACL</c>: the crypto ACL (proxy identities); may name an ACL not defined yet.</summary>
    public string? MatchAddress { get; init; }

    /// <summary>Diffie-Hellman group for perfect forward secrecy, null when PFS is off.</summary>
    public int? PfsGroup { get; init; }

    /// <summary>Whether the group was typed (<c>set pfs group2</c>) rather than implied (<c>set pfs</c>).</summary>
    public bool PfsGroupGiven { get; init; }

    /// <summary><c>set peer</c>: addresses or host names, in order of preference (static maps only).</summary>
    public ImmutableList<string> Peers { get; init; } = [];


    /// <summary><c>set ikev1 transform-set</c>: up to 11 names, in order of preference; may name sets not defined yet.</summary>
    public ImmutableList<string> TransformSets { get; init; } = [];

    /// <summary><c>set ikev2 ipsec-proposal</c>: up to 11 IKEv2 proposals, in order of preference; may name proposals not defined yet.</summary>
    public ImmutableList<string> IpsecProposals { get; init; } = [];

    /// <summary><c>set security-association lifetime</c>: overrides the global lifetime.</summary>
    public SaLifetime Lifetime { get; init; } = SaLifetime.None;

    /// <summary>Whether the lifetime line names kilobytes before seconds (kept as configured).</summary>
    public bool LifetimeKilobytesFirst { get; init; }

    /// <summary><c>set reverse-route</c>: install a route to each peer's protected network.</summary>
    public bool ReverseRoute { get; init; }

    public ImmutableList<ExtraLine> Extras { get; init; } = [];

    /// <summary><c>set connection-type</c>: whether this end may begin the site's negotiations, answer them, or both (the default).</summary>
    public string ConnectionType => Kept("set connection-type ") ?? Bidirectional;

    public const string Bidirectional = "bidirectional", AnswerOnly = "answer-only", OriginateOnly = "originate-only";

    /// <summary><c>set nat-t-disable</c>: no NAT traversal with this entry's peers, whatever <c>crypto isakmp nat-traversal</c> says.</summary>
    public bool NatTDisabled => Extras.Any(e => e.Text == "set nat-t-disable");

    /// <summary><c>set inheritance data</c>: one SA per host pair instead of one per crypto ACL entry (<c>rule</c>, the default).</summary>
    public bool InheritanceData => Kept("set inheritance ") == "data";

    /// <summary>The value of a kept positive setting line, null when none.</summary>
    private string? Kept(string prefix) =>
        Extras.FirstOrDefault(e => e.Text.StartsWith(prefix, StringComparison.Ordinal))?.Text[prefix.Length..];

    public const int MaxTransformSets = 11;

    // Per-entry order on 9.x captures: match address, set pfs, (set connection-type), set peer,
    // (set ikev1 phase1-mode), set ikev1 transform-set, set ikev2 ipsec-proposal, (set ikev2 mode ...),
    // set security-association lifetime, set reverse-route, (no set tfc-packets). Parenthesised ones
    // are kept extras; ikev2 ipsec-proposal before the other ikev2 settings is [M].
    public const int DynamicRank = 5, MatchRank = 10, PfsRank = 20, PeerRank = 30, TransformSetRank = 40,
        IpsecProposalRank = 45, LifetimeRank = 50, ReverseRouteRank = 60;

    public int LastSetRank => ReverseRoute ? ReverseRouteRank : !Lifetime.IsEmpty ? LifetimeRank
        : !IpsecProposals.IsEmpty ? IpsecProposalRank : !TransformSets.IsEmpty ? TransformSetRank : !Peers.IsEmpty ? PeerRank : PfsGroup is not null ? PfsRank
        : MatchAddress is not null ? MatchRank : DynamicMap is not null ? DynamicRank : 0;

    public bool IsEmpty => LastSetRank == 0 && Extras.IsEmpty;

    /// <summary>An entry of a static map that neither stands for a dynamic map nor has both a peer and a transform set or IKEv2 proposal.</summary>
    public bool IsIncomplete => DynamicMap is null && (Peers.IsEmpty || (TransformSets.IsEmpty && IpsecProposals.IsEmpty));

    /// <summary>
    /// The settings <c>show running-config all crypto map</c> adds to a static entry that has not set them,
    /// at their place in the entry [S: ntc-templates cisco_asa_show_running-config_all_crypto_map, a 9.x
    /// box: connection-type after pfs, phase1-mode after peer, ikev2 mode after the transform sets, the
    /// negated tfc-packets last]. Keyed by <see cref="SettingKey"/>.
    /// </summary>
    private static readonly (int Rank, string Key, string Text)[] StaticDefaults =
    [
        (PfsRank + 5, "set connection-type", "set connection-type bidirectional"),
        (PeerRank + 5, "set ikev1 phase1-mode", "set ikev1 phase1-mode main"),
        (TransformSetRank + 5, "set ikev2 mode", "set ikev2 mode tunnel"),
        (ReverseRouteRank + 5, "set tfc-packets", "no set tfc-packets"),
    ];

    /// <summary>
    /// What <c>show running-config all crypto dynamic-map</c> adds to an entry of a dynamic map [M: no public capture]:
    /// the static entry's defaults (above) without the two an answering-only entry has no use for, connection-type
    /// and phase1-mode (the ASA command reference documents both for <c>crypto map</c> only), at the same places.
    /// </summary>
    private static readonly (int Rank, string Key, string Text)[] DynamicDefaults =
        [.. StaticDefaults.Where(d => d.Key is not ("set connection-type" or "set ikev1 phase1-mode"))];

    /// <param name="prefix"><c>crypto map NAME SEQ</c> or <c>crypto dynamic-map NAME SEQ</c>.</param>
    /// <param name="showDefaults"><c>show running-config all</c>: the settings left at their defaults too.</param>
    /// <param name="dynamic">An entry of a dynamic map (its defaults are <see cref="DynamicDefaults"/>).</param>
    public IEnumerable<string> Render(string prefix, bool showDefaults = false, bool dynamic = false)
    {
        var lines = new List<(int Rank, string Line)>();
        if (showDefaults && DynamicMap is null)
        {
            var set = Extras.Select(e => SettingKey(e.Text)).ToHashSet(StringComparer.Ordinal);
            foreach (var (rank, key, text) in (dynamic ? DynamicDefaults : StaticDefaults).Where(d => !set.Contains(d.Key)))
                lines.Add((rank, text.StartsWith("no ", StringComparison.Ordinal) ? $"no {prefix} {text[3..]}" : $"{prefix} {text}"));
        }
        if (DynamicMap is not null) lines.Add((DynamicRank, $"{prefix} ipsec-isakmp dynamic {DynamicMap}"));
        if (MatchAddress is not null) lines.Add((MatchRank, $"{prefix} match address {MatchAddress}"));
        if (PfsGroup is { } g) lines.Add((PfsRank, PfsGroupGiven ? $"{prefix} set pfs group{g}" : $"{prefix} set pfs"));
        if (!Peers.IsEmpty)
            lines.Add((PeerRank, $"{prefix} set peer {string.Join(' ', Peers)}"));
        if (!TransformSets.IsEmpty)
            lines.Add((TransformSetRank, $"{prefix} set ikev1 transform-set {string.Join(' ', TransformSets)}"));
        if (!IpsecProposals.IsEmpty)
            lines.Add((IpsecProposalRank, $"{prefix} set ikev2 ipsec-proposal {string.Join(' ', IpsecProposals)}"));
        if (!Lifetime.IsEmpty) lines.Add((LifetimeRank, $"{prefix} set security-association lifetime {LifetimeText()}"));
        if (ReverseRoute) lines.Add((ReverseRouteRank, $"{prefix} set reverse-route"));
        var extras = Extras.Select(e => e with
        {
            Text = e.Text.StartsWith("no ", StringComparison.Ordinal) ? $"no {prefix} {e.Text[3..]}" : $"{prefix} {e.Text}",
        }).ToImmutableList();
        return SubModeLines.Merge(null, lines, extras);
    }

    private string LifetimeText()
    {
        var seconds = Lifetime.Seconds is { } s ? "seconds " + s.ToString(CultureInfo.InvariantCulture) : null;
        var kilobytes = Lifetime.KilobytesText is { } k ? "kilobytes " + k : null;
        string?[] parts = LifetimeKilobytesFirst ? [kilobytes, seconds] : [seconds, kilobytes];
        return string.Join(' ', parts.Where(p => p is not null));
    }

    /// <summary>
    /// What a kept setting sets, so a later line for the same setting replaces it:
    /// <c>set connection-type</c>, <c>set ikev1 phase1-mode</c>, <c>set ikev2 ipsec-proposal</c>, ...
    /// </summary>
    public static string SettingKey(string text)
    {
        if (text.StartsWith("no ", StringComparison.Ordinal)) text = text[3..];
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var take = words.Length > 1 && words[1] is "ikev1" or "ikev2" or "security-association" ? 3 : 2;
        return string.Join(' ', words.Take(take));
    }
}

/// <summary>
/// A crypto map (<c>crypto map NAME ...</c>): its entries by ascending sequence number, then the
/// interfaces it is bound to (<c>crypto map NAME interface IF</c>). Maps print in creation order.
/// </summary>
public sealed record CryptoMap(string Name) : ConfigItem, IRendered
{
    public ImmutableSortedDictionary<int, CryptoMapEntry> Entries { get; init; } = ImmutableSortedDictionary<int, CryptoMapEntry>.Empty;

    /// <summary>The nameifs this map is applied to (an interface carries at most one map).</summary>
    public ImmutableList<string> Interfaces { get; init; } = [];

    public override string Key => Name;

    /// <summary>Entries in the order the ASA tries them: ascending sequence number.</summary>
    public IEnumerable<CryptoMapEntry> OrderedEntries => Entries.Values;

    public IEnumerable<string> Render(RenderContext c) =>
        Entries.Values.SelectMany(e => e.Render($"crypto map {Name} {e.Sequence}", c.ShowDefaults))
            .Concat(Interfaces.Select(i => $"crypto map {Name} interface {i}"));
}

/// <summary>
/// A dynamic crypto map (<c>crypto dynamic-map NAME SEQ ...</c>): the template a crypto map entry
/// (<c>ipsec-isakmp dynamic NAME</c>) uses for peers whose address is not known in advance
/// (remote-access clients). Entries by ascending sequence number; maps in creation order.
/// </summary>
public sealed record DynamicMap(string Name) : ConfigItem, IRendered
{
    public ImmutableSortedDictionary<int, CryptoMapEntry> Entries { get; init; } = ImmutableSortedDictionary<int, CryptoMapEntry>.Empty;

    public override string Key => Name;

    public IEnumerable<CryptoMapEntry> OrderedEntries => Entries.Values;

    public IEnumerable<string> Render(RenderContext c) =>
        Entries.Values.SelectMany(e => e.Render($"crypto dynamic-map {Name} {e.Sequence}", c.ShowDefaults, dynamic: true));
}
