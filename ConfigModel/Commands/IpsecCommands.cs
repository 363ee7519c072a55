using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Modes;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Commands;

/// <summary>
/// IPsec phase 2 (reference §4.3): transform sets, the global SA lifetime, dynamic maps and crypto
/// maps with their interface binding. 8.3 spellings (<c>crypto ipsec transform-set</c>,
/// <c>set transform-set</c>, <c>set phase1-mode</c>) are accepted and stored in the 9.x form.
/// Map entry settings AsaEmu does not emulate are kept inside their entry.
/// </summary>
public sealed class IpsecCommands : ICommandArea
{
    /// <summary><c>?</c> help for the keywords this area adds [M wording].</summary>
    private static readonly Dictionary<string, string> Help = new()
    {
        ["ipsec"] = "Configure transform-set, IPSec SA lifetime and PMTU Aging reset timer",
        ["map"] = "Configure a crypto map",
        ["dynamic-map"] = "Configure a dynamic crypto map",
        ["transform-set"] = "Define transform and settings",
        ["security-association"] = "Configure IPSec Security Association parameters",
        ["lifetime"] = "Configure SA lifetime",
        ["seconds"] = "Specify lifetime in seconds",
        ["kilobytes"] = "Specify lifetime in kilobytes",
        ["match"] = "Match values",
        ["address"] = "Match address of packets to encrypt",
        ["set"] = "Specify crypto map settings",
        ["peer"] = "Specify list of peer IP addresses or hostnames",
        ["pfs"] = "Specify pfs settings",
        ["reverse-route"] = "Enable reverse route injection",
        ["interface"] = "Attach a crypto map to an interface",
        ["ipsec-isakmp"] = "IPSec w/ISAKMP",
        ["dynamic"] = "Enable dynamic crypto map support",
        ["mode"] = "Encapsulation mode (transport/tunnel)",
        ["transport"] = "Transport mode",
        ["connection-type"] = "Specify connection type",
        ["answer-only"] = "Answer only",
        ["originate-only"] = "Originate only",
        ["bidirectional"] = "Bidirectional",
        ["nat-t-disable"] = "Disable NAT-T negotiation for this connection",
        ["inheritance"] = "Specify the granularity of SAs created for this crypto map entry",
        ["rule"] = "One SA per ACL rule",
        ["data"] = "One SA per host pair",
    };

    private static void Add(CommandTree<ConfigHandler> tree, string spec, ConfigHandler handler, int? noPrefix = null, ConfigHandler? noHandler = null) =>
        tree.Add(spec, handler, noPrefix, noHandler, Help);

    private const string Encryption = "(esp-des|esp-3des|esp-aes|esp-aes-192|esp-aes-256|esp-null):enc";
    private const string Integrity = "[(esp-md5-hmac|esp-sha-hmac|esp-none):auth]";
    private const string PfsGroups = "(group1|group2|group5|group7|group14|group15|group16|group19|group20|group21|group24):group";
    private const string Seconds = "<120-2147483647:seconds>";
    private const string Kilobytes = "(<10-2147483647:kilobytes>|unlimited)";

    /// <summary>Valid entry settings kept verbatim (9.x names, plus the 8.x <c>phase1-mode</c>).</summary>
    private const string KeptSettings = "(tfc-packets|trustpoint|phase1-mode|validation-usage):setting";

    /// <summary><c>set peer</c> takes at most this many addresses: the first and its backups [M].</summary>
    public const int MaxPeers = 10;

    private enum MapKind { Static, Dynamic }

    public void Register(ConfigGrammar g)
    {
        var t = g.Tree(ModeKind.Global);

        foreach (var (prefix, words) in new[] { ("crypto ipsec transform-set", 4), ("crypto ipsec ikev1 transform-set", 5) })
        {
            Add(t, $"{prefix} <word:name> {Encryption} {Integrity}", SetTransformSet,
                noPrefix: words, noHandler: c => c.Done(c.Config.Without<TransformSet>(c.Args.Str("name"))));
            Add(t, $"{prefix} <word:name> mode transport", c => SetTransformMode(c, TransformSet.Transport),
                noHandler: c => SetTransformMode(c, TransformSet.Tunnel));
        }

        Add(t, $"crypto ipsec security-association lifetime seconds {Seconds}",
            c => EditGlobalLifetime(c, l => l with { Seconds = c.Args.Num("seconds") }),
            noPrefix: 5, noHandler: c => EditGlobalLifetime(c, l => l with { Seconds = null }));
        Add(t, $"crypto ipsec security-association lifetime kilobytes {Kilobytes}",
            c => EditGlobalLifetime(c, l => l with { Kilobytes = c.Args.OptNum("kilobytes"), UnlimitedKilobytes = c.Args.Has("unlimited") }),
            noPrefix: 5, noHandler: c => EditGlobalLifetime(c, l => l with { Kilobytes = null, UnlimitedKilobytes = false }));

        RegisterEntry(t, MapKind.Static, "crypto map <word:map> <1-65535:seq>");
        RegisterEntry(t, MapKind.Dynamic, "crypto dynamic-map <word:map> <1-65535:seq>");

        const string entry = "crypto map <word:map> <1-65535:seq>";
        Add(t, $"{entry} set peer <word:peer>+",
            c => c.Args.All<string>("peer").Count > MaxPeers
                ? c.Error($"Too many peers specified, the maximum is {MaxPeers}") // [M] wording, as for transform sets
                : EditEntry(c, MapKind.Static, e => e with { Peers = [.. c.Args.All<string>("peer")] }),
            noPrefix: 6, noHandler: c => EditEntry(c, MapKind.Static, e => e with { Peers = RemoveNamed(e.Peers, c.Args.All<string>("peer")) }));
        Add(t, $"{entry} ipsec-isakmp dynamic <word:dyn>",
            c => Warned(EditEntry(c, MapKind.Static, e => e with { DynamicMap = c.Args.Str("dyn") }),
                c.Config.Get<DynamicMap>(c.Args.Str("dyn")) is null ? [DynamicMapNotFound(c.Args.Str("dyn"))] : []),
            noHandler: c => EditEntry(c, MapKind.Static, e => e with { DynamicMap = null }));
        Add(t, "crypto map <word:map> interface <nameif:if>", BindInterface, noHandler: UnbindInterface);
    }

    /// <summary>The settings a crypto map entry and a dynamic map entry share.</summary>
    private static void RegisterEntry(CommandTree<ConfigHandler> t, MapKind kind, string p)
    {
        // Registered first with noPrefix 3, so "no crypto map MAP [SEQ]" removes the map or the entry.
        Add(t, $"{p} match address <word:acl>", c => EditEntry(c, kind, e => e with { MatchAddress = c.Args.Str("acl") }),
            noPrefix: 3, noHandler: c => RemoveMatchEntryOrMap(c, kind));
        Add(t, $"{p} set pfs [{PfsGroups}]", c => EditEntry(c, kind, e => e with
            {
                PfsGroup = c.Args.OptStr("group") is { } g ? int.Parse(g.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture) : 2,
                PfsGroupGiven = c.Args.Has("group"),
            }),
            noHandler: c => EditEntry(c, kind, e => e with { PfsGroup = null, PfsGroupGiven = false }));
        foreach (var (spelling, words) in new[] { ("transform-set", 6), ("ikev1 transform-set", 7) })
            Add(t, $"{p} set {spelling} <word:ts>+", c => SetTransformSets(c, kind),
                noPrefix: words, noHandler: c => EditEntry(c, kind, e => e with { TransformSets = RemoveNamed(e.TransformSets, c.Args.All<string>("ts")) }));
        Add(t, $"{p} set ikev2 ipsec-proposal <word:proposal>+", c => SetIpsecProposals(c, kind),
            noPrefix: 7, noHandler: c => EditEntry(c, kind, e => e with { IpsecProposals = RemoveNamed(e.IpsecProposals, c.Args.All<string>("proposal")) }));
        Add(t, $"{p} set reverse-route", c => EditEntry(c, kind, e => e with { ReverseRoute = true }),
            noHandler: c => EditEntry(c, kind, e => e with { ReverseRoute = false }));
        Add(t, $"{p} set security-association lifetime seconds {Seconds} [kilobytes {Kilobytes}]", c => SetEntryLifetime(c, kind, kilobytesFirst: false),
            noPrefix: 8, noHandler: c => ClearEntryLifetime(c, kind));
        Add(t, $"{p} set security-association lifetime kilobytes {Kilobytes} [seconds {Seconds}]", c => SetEntryLifetime(c, kind, kilobytesFirst: true),
            noPrefix: 8, noHandler: c => ClearEntryLifetime(c, kind));

        // Settings the engine reads, kept as typed lines in their place (CryptoMapEntry.ConnectionType, NatTDisabled, InheritanceData).
        Add(t, $"{p} set connection-type (answer-only|originate-only|bidirectional):value", c => KeepSetting(c, kind, "connection-type", c.Args.Str("value")),
            noPrefix: 6, noHandler: c => KeepSetting(c, kind, "connection-type", c.Args.OptStr("value")));
        Add(t, $"{p} set nat-t-disable", c => KeepSetting(c, kind, "nat-t-disable", null),
            noHandler: c => KeepSetting(c, kind, "nat-t-disable", null));
        Add(t, $"{p} set inheritance (rule|data):value", c => KeepSetting(c, kind, "inheritance", c.Args.Str("value")),
            noPrefix: 6, noHandler: c => KeepSetting(c, kind, "inheritance", c.Args.OptStr("value")));

        Add(t, $"{p} set {KeptSettings} [<line:rest>]", c => KeepSetting(c, kind, c.Args.Str("setting")),
            noHandler: c => KeepSetting(c, kind, c.Args.Str("setting")));
        Add(t, $"{p} set ikev2 mode [<line:rest>]", c => KeepSetting(c, kind, "ikev2 mode"),
            noHandler: c => KeepSetting(c, kind, "ikev2 mode"));
        Add(t, $"{p} set ikev1 phase1-mode [<line:rest>]", c => KeepSetting(c, kind, "ikev1 phase1-mode"),
            noHandler: c => KeepSetting(c, kind, "ikev1 phase1-mode"));
        Add(t, $"{p} set security-association replay [<line:rest>]", c => KeepSetting(c, kind, "security-association replay"),
            noHandler: c => KeepSetting(c, kind, "security-association replay"));
    }

    /// <summary>The <c>no</c> form removes the names it lists, or all of them when it lists none.</summary>
    private static ImmutableList<string> RemoveNamed(ImmutableList<string> current, IReadOnlyList<string> named) =>
        named.Count == 0 ? [] : current.RemoveAll(named.Contains);

    private static bool EndsWithBlank(string line) => line.Length > 0 && LineTokenizer.IsBlank(line[^1]);

    // --- Transform sets and the global lifetime ---------------------------------------------

    private static CommandOutcome SetTransformSet(ConfigCommand c)
    {
        var name = c.Args.Str("name");
        var existing = c.Config.Get<TransformSet>(name);
        var set = new TransformSet(name, c.Args.Str("enc"), c.Args.OptStr("auth")) { Mode = existing?.Mode ?? TransformSet.Tunnel };
        return c.Done(IdentityCommands.Put(c, set, Sections.TransformSet));
    }

    private static CommandOutcome SetTransformMode(ConfigCommand c, string mode)
    {
        var name = c.Args.Str("name");
        var existing = c.Config.Get<TransformSet>(name);
        if (existing is null)
            return c.Negated ? c.Unchanged() : c.Error(TransformSetNotFound(name));
        return c.Done(c.Config.With((existing with { Mode = mode }).WithSource(c.Source)));
    }

    private static CommandOutcome EditGlobalLifetime(ConfigCommand c, Func<SaLifetime, SaLifetime> change)
    {
        var current = c.Config.Get<IpsecSaLifetime>()?.Lifetime ?? SaLifetime.None;
        var next = change(current);
        return next.IsEmpty
            ? c.Done(c.Config.Without<IpsecSaLifetime>())
            : c.Done(IdentityCommands.Put(c, new IpsecSaLifetime(next), Sections.IpsecSaLifetime));
    }

    // --- Map entries -----------------------------------------------------------------------

    private static CommandOutcome SetTransformSets(ConfigCommand c, MapKind kind) =>
        SetNamed<TransformSet>(c, kind, "ts", "transform sets", TransformSetNotFound, (e, names) => e with { TransformSets = names });

    private static CommandOutcome SetIpsecProposals(ConfigCommand c, MapKind kind) =>
        SetNamed<Ikev2IpsecProposal>(c, kind, "proposal", "IPsec proposals", IpsecProposalNotFound, (e, names) => e with { IpsecProposals = names });

    /// <summary>
    /// An entry's list of named transform sets or IKEv2 proposals, in order of preference: at most
    /// <see cref="CryptoMapEntry.MaxTransformSets"/>; a dynamic map warns of a name not defined (yet).
    /// </summary>
    private static CommandOutcome SetNamed<T>(ConfigCommand c, MapKind kind, string argument, string noun, Func<string, string> notFound,
        Func<CryptoMapEntry, ImmutableList<string>, CryptoMapEntry> set) where T : ConfigItem
    {
        var names = c.Args.All<string>(argument);
        if (names.Count > CryptoMapEntry.MaxTransformSets)
            return c.Error($"Too many {noun} specified, the maximum is {CryptoMapEntry.MaxTransformSets}"); // [M] wording
        var missing = kind == MapKind.Dynamic
            ? names.Distinct().Where(n => c.Config.Get<T>(n) is null).Select(notFound).ToArray()
            : [];
        return Warned(EditEntry(c, kind, e => set(e, [.. names.Distinct()])), missing);
    }

    private static string IpsecProposalNotFound(string name) => $"IPsec proposal {name} does not exist"; // [M] wording

    // A reference to a transform set or dynamic map not defined (yet) is kept with a WARNING, as
    // for a group-policy (VpnMessages.ReferencedPolicyNotFound): a pasted config may define it later.
    private static string TransformSetNotFound(string name) => $"Transform set {name} does not exist"; // [M] wording
    private static string DynamicMapNotFound(string name) => $"crypto dynamic-map {name} does not exist"; // [M] wording

    /// <summary>The outcome with <paramref name="warnings"/> before its own messages, unless it was refused.</summary>
    private static CommandOutcome Warned(CommandOutcome outcome, string[] warnings) =>
        outcome.Refused || warnings.Length == 0 ? outcome
            : outcome with { Messages = [.. warnings.Select(w => new Diagnostic(Severity.Warning, w)), .. outcome.Messages] };

    private static CommandOutcome SetEntryLifetime(ConfigCommand c, MapKind kind, bool kilobytesFirst) =>
        EditEntry(c, kind, e =>
        {
            var hasKb = c.Args.Has("kilobytes");
            var hasSeconds = c.Args.Has("seconds");
            var lifetime = e.Lifetime with
            {
                Seconds = hasSeconds ? c.Args.Num("seconds") : e.Lifetime.Seconds,
                Kilobytes = hasKb ? c.Args.OptNum("kilobytes") : e.Lifetime.Kilobytes,
                UnlimitedKilobytes = hasKb ? c.Args.Has("unlimited") : e.Lifetime.UnlimitedKilobytes,
            };
            // One line carries both values, in the order of the line that set both, else in the order they were set.
            var old = e.Lifetime;
            var hadBoth = old.Seconds is not null && old.KilobytesText is not null;
            var order = hasKb && hasSeconds ? kilobytesFirst
                : hadBoth ? e.LifetimeKilobytesFirst
                : hasSeconds && old.KilobytesText is not null;
            return e with { Lifetime = lifetime, LifetimeKilobytesFirst = order };
        });

    private static CommandOutcome ClearEntryLifetime(ConfigCommand c, MapKind kind) =>
        EditEntry(c, kind, e =>
        {
            var lifetime = e.Lifetime;
            if (c.Args.Has("seconds")) lifetime = lifetime with { Seconds = null };
            if (c.Args.Has("kilobytes")) lifetime = lifetime with { Kilobytes = null, UnlimitedKilobytes = false };
            return e with { Lifetime = lifetime, LifetimeKilobytesFirst = !lifetime.IsEmpty && e.LifetimeKilobytesFirst };
        });

    /// <summary>
    /// Keeps a valid entry setting AsaEmu does not emulate, inside its entry. A later line for the
    /// same setting replaces it in place; <c>no</c> removes a kept positive line, and is otherwise
    /// itself a config line (<c>no crypto map MAP 10 set tfc-packets</c>).
    /// </summary>
    private static CommandOutcome KeepSetting(ConfigCommand c, MapKind kind, string setting) => KeepSetting(c, kind, setting, c.Args.OptStr("rest"));

    /// <inheritdoc cref="KeepSetting(ConfigCommand, MapKind, string)"/>
    private static CommandOutcome KeepSetting(ConfigCommand c, MapKind kind, string setting, string? rest)
    {
        if (setting == "phase1-mode") setting = "ikev1 phase1-mode"; // the 8.x spelling
        var text = rest is null ? $"set {setting}" : $"set {setting} {rest}";
        if (c.Negated) text = "no " + text;
        var key = CryptoMapEntry.SettingKey(text);
        return EditEntry(c, kind, (e, config) =>
        {
            var same = e.Extras.FindIndex(x => CryptoMapEntry.SettingKey(x.Text) == key);
            if (same >= 0)
            {
                var old = e.Extras[same];
                if (c.Negated && !old.Text.StartsWith("no ", StringComparison.Ordinal))
                    return (e with { Extras = e.Extras.RemoveAt(same) }, config);
                return (e with { Extras = e.Extras.SetItem(same, old with { Text = text }) }, config);
            }
            var (next, seq) = config.NewSeq();
            return (e with { Extras = e.Extras.Add(new ExtraLine(e.LastSetRank, seq, text, [])) }, next);
        }, createOnNo: true);
    }

    private static CommandOutcome EditEntry(ConfigCommand c, MapKind kind, Func<CryptoMapEntry, CryptoMapEntry> change) =>
        EditEntry(c, kind, (e, config) => (change(e), config), createOnNo: false);

    /// <summary>
    /// Applies a change to entry SEQ of map MAP, creating both when needed, and dropping an entry
    /// (and a map) the change left empty.
    /// </summary>
    private static CommandOutcome EditEntry(ConfigCommand c, MapKind kind,
        Func<CryptoMapEntry, AsaConfig, (CryptoMapEntry Entry, AsaConfig Config)> change, bool createOnNo)
    {
        var name = c.Args.Str("map");
        var seq = (int)c.Args.Num("seq");
        var entries = GetEntries(c.Config, kind, name);
        if (c.Negated && !createOnNo && (entries is null || !entries.ContainsKey(seq))) return c.Unchanged();
        var isNew = entries is null || !entries.ContainsKey(seq);
        var entry = entries is not null && entries.TryGetValue(seq, out var found) ? found : new CryptoMapEntry(seq);
        var (changed, config) = change(entry, c.Config);
        entries ??= ImmutableSortedDictionary<int, CryptoMapEntry>.Empty;
        entries = changed.IsEmpty ? entries.Remove(seq) : entries.SetItem(seq, changed);
        config = Store(c with { Config = config }, kind, name, entries);
        // The ASA warns when a new static entry still lacks what it needs to come up [M].
        if (isNew && kind == MapKind.Static && !changed.IsEmpty && changed.IsIncomplete)
            return c.Done(config, new Diagnostic(Severity.Warning, "crypto map entry will be incomplete"));
        return c.Done(config);
    }

    private static ImmutableSortedDictionary<int, CryptoMapEntry>? GetEntries(AsaConfig config, MapKind kind, string name) =>
        kind == MapKind.Static ? config.Get<CryptoMap>(name)?.Entries : config.Get<DynamicMap>(name)?.Entries;

    private static AsaConfig Store(ConfigCommand c, MapKind kind, string name, ImmutableSortedDictionary<int, CryptoMapEntry> entries)
    {
        if (kind == MapKind.Dynamic)
        {
            var map = c.Config.Get<DynamicMap>(name);
            if (entries.IsEmpty) return c.Config.Without<DynamicMap>(name);
            return map is null
                ? IdentityCommands.Put(c, new DynamicMap(name) { Entries = entries }, Sections.DynamicMap)
                : c.Config.With((map with { Entries = entries }).WithSource(c.Source));
        }
        var crypto = c.Config.Get<CryptoMap>(name);
        if (entries.IsEmpty && (crypto is null || crypto.Interfaces.IsEmpty)) return c.Config.Without<CryptoMap>(name);
        return crypto is null
            ? IdentityCommands.Put(c, new CryptoMap(name) { Entries = entries }, Sections.CryptoMap)
            : c.Config.With((crypto with { Entries = entries }).WithSource(c.Source));
    }

    /// <summary><c>no crypto map MAP [SEQ [match address [ACL]]]</c>: the match, the entry or the whole map.</summary>
    private static CommandOutcome RemoveMatchEntryOrMap(ConfigCommand c, MapKind kind)
    {
        if (c.Args.Has("match")) return EditEntry(c, kind, e => e with { MatchAddress = null });
        var name = c.Args.Str("map");
        if (c.Args.OptNum("seq") is not { } seq)
            return c.Done(kind == MapKind.Static ? c.Config.Without<CryptoMap>(name) : c.Config.Without<DynamicMap>(name));
        var entries = GetEntries(c.Config, kind, name);
        if (entries is null || !entries.ContainsKey((int)seq)) return c.Unchanged();
        return c.Done(Store(c, kind, name, entries.Remove((int)seq)));
    }

    // --- Interface binding ----------------------------------------------------------------

    private static CommandOutcome BindInterface(ConfigCommand c)
    {
        var name = c.Args.Str("map");
        var nameIf = c.Args.Str("if");
        if (c.Config.InterfaceNamed(nameIf) is null)
            return c.Error($"Interface name \"{nameIf}\" not found"); // [M] wording, as for ssh/mtu
        var config = c.Config;
        // One crypto map per interface: binding another map replaces the old binding.
        foreach (var other in config.All<CryptoMap>().Where(m => m.Name != name && m.Interfaces.Contains(nameIf)).ToList())
        {
            var left = other with { Interfaces = other.Interfaces.Remove(nameIf) };
            config = left.Interfaces.IsEmpty && left.Entries.IsEmpty ? config.Without<CryptoMap>(other.Name) : config.With(left);
        }
        var map = config.Get<CryptoMap>(name);
        if (map is null)
            return c.Done(IdentityCommands.Put(c with { Config = config }, new CryptoMap(name) { Interfaces = [nameIf] }, Sections.CryptoMap));
        if (map.Interfaces.Contains(nameIf)) return c.Done(config);
        return c.Done(config.With((map with { Interfaces = map.Interfaces.Add(nameIf) }).WithSource(c.Source)));
    }

    private static CommandOutcome UnbindInterface(ConfigCommand c)
    {
        var map = c.Config.Get<CryptoMap>(c.Args.Str("map"));
        if (map is null || !map.Interfaces.Contains(c.Args.Str("if"))) return c.Unchanged();
        var left = map with { Interfaces = map.Interfaces.Remove(c.Args.Str("if")) };
        return c.Done(left.Interfaces.IsEmpty && left.Entries.IsEmpty ? c.Config.Without<CryptoMap>(map.Name) : c.Config.With(left));
    }
}
