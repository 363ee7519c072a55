using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Syntax;

/// <summary>The typed values and keywords a matched command line carried, by name.</summary>
public sealed class ParsedArgs
{
    private readonly Dictionary<string, List<object>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _keywords = new(StringComparer.OrdinalIgnoreCase);

    internal void Add(string name, object value)
    {
        if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
        list.Add(value);
    }

    internal void AddKeyword(string keyword) => _keywords.Add(keyword);

    /// <summary>True when the keyword was typed (in full or abbreviated).</summary>
    public bool Has(string keywordOrName) => _keywords.Contains(keywordOrName) || _values.ContainsKey(keywordOrName);

    public string Str(string name) => (string)_values[name][0];
    public string? OptStr(string name) => _values.TryGetValue(name, out var v) ? (string)v[0] : null;
    public long Num(string name) => (long)_values[name][0];
    public long? OptNum(string name) => _values.TryGetValue(name, out var v) ? (long)v[0] : null;
    public Ipv4 Ip(string name) => (Ipv4)_values[name][0];
    public Ipv4? OptIp(string name) => _values.TryGetValue(name, out var v) ? (Ipv4)v[0] : null;
    public T Get<T>(string name) => (T)_values[name][0];
    public IReadOnlyList<T> All<T>(string name) =>
        _values.TryGetValue(name, out var v) ? v.Cast<T>().ToList() : [];
}
