using System.Collections.Immutable;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// One immutable snapshot of the running configuration. Applying a command yields a new snapshot;
/// readers (the IKE engine, show commands, other sessions) always see a consistent whole.
/// Items are stored by kind and key; <see cref="ConfigItem.Order"/> gives their place in show run.
/// </summary>
public sealed record AsaConfig
{
    private ImmutableDictionary<Type, ImmutableDictionary<string, ConfigItem>> Items { get; init; } =
        ImmutableDictionary<Type, ImmutableDictionary<string, ConfigItem>>.Empty;

    /// <summary>Next creation sequence number: keeps items of one section in the order they were made.</summary>
    public long NextSeq { get; private init; } = 1;

    public static AsaConfig Empty { get; } = new();

    /// <summary>
    /// Loaded lines by their text without trailing blanks (sub-mode lines prefixed by their head
    /// line): real ASA versions differ in trailing blanks (one prints <c>ip address A M </c>,
    /// another <c>ip address A M</c>), so a line whose content is unchanged renders back with the
    /// blanks it was loaded with.
    /// </summary>
    public ImmutableDictionary<string, string> LoadedSpacing { get; init; } =
        ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    public static string SpacingKey(string? head, string line) => head is null ? line.TrimEnd() : head + "\n" + line.TrimEnd();

    public AsaConfig RememberSpacing(string? head, string line)
    {
        var key = SpacingKey(head, line);
        return LoadedSpacing.TryGetValue(key, out var known) && known == line ? this : this with { LoadedSpacing = LoadedSpacing.SetItem(key, line) };
    }

    /// <summary>Where the last stored item stands: an unmodelled line loaded next goes after it.</summary>
    public OrderKey LastPlaced { get; private init; }

    public T? Get<T>(string key = "") where T : ConfigItem =>
        Items.TryGetValue(typeof(T), out var byKey) && byKey.TryGetValue(key, out var item) ? (T)item : null;

    public IEnumerable<T> All<T>() where T : ConfigItem =>
        Items.TryGetValue(typeof(T), out var byKey) ? byKey.Values.Cast<T>().OrderBy(i => i.Order) : [];

    public int Count<T>() where T : ConfigItem => Items.TryGetValue(typeof(T), out var byKey) ? byKey.Count : 0;

    public IEnumerable<ConfigItem> AllItems => Items.Values.SelectMany(d => d.Values);

    public AsaConfig With(ConfigItem item)
    {
        var type = item.GetType();
        var byKey = Items.TryGetValue(type, out var d) ? d : ImmutableDictionary<string, ConfigItem>.Empty.WithComparers(StringComparer.Ordinal);
        return this with { Items = Items.SetItem(type, byKey.SetItem(item.Key, item)), LastPlaced = item.Order };
    }

    public AsaConfig Without<T>(string key = "") where T : ConfigItem =>
        Items.TryGetValue(typeof(T), out var byKey) && byKey.ContainsKey(key)
            ? this with { Items = Items.SetItem(typeof(T), byKey.Remove(key)) }
            : this;

    public AsaConfig WithoutAll<T>() where T : ConfigItem => this with { Items = Items.Remove(typeof(T)) };

    /// <summary>Sets <see cref="LastPlaced"/> back after storing a bookkeeping item such as an index.</summary>
    public AsaConfig Placed(OrderKey order) => this with { LastPlaced = order };

    /// <summary>A fresh place at the end of <paramref name="rank"/>'s section.</summary>
    public (AsaConfig Config, OrderKey Order) Allocate(int rank) =>
        (this with { NextSeq = NextSeq + 1 }, new OrderKey(rank, NextSeq));

    /// <summary>A fresh sequence number (for lines inside a sub-mode).</summary>
    public (AsaConfig Config, long Seq) NewSeq() => (this with { NextSeq = NextSeq + 1 }, NextSeq);

    /// <summary>
    /// Replaces an item of kind <typeparamref name="T"/> under <paramref name="key"/>, creating it
    /// at the end of its section when it does not exist yet.
    /// </summary>
    public AsaConfig Upsert<T>(string key, int rank, Func<OrderKey, T> create, Func<T, T> update, SourceRef? source)
        where T : ConfigItem
    {
        var existing = Get<T>(key);
        if (existing is not null) return With(update(existing).WithSource(source));
        var (config, order) = Allocate(rank);
        return config.With(update(create(order)).WithSource(source));
    }
}
