using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// <c>ip local pool NAME FIRST[-LAST] [mask MASK]</c>: the addresses handed to remote-access clients.
/// Config data only: which addresses are in use is the VPN engine's state, not config.
/// </summary>
public sealed record IpLocalPool(string Name, Ipv4 First, Ipv4 Last, Ipv4? Mask) : ConfigItem, IRendered
{
    public override string Key => Name;

    public AddressRange Range => new(First, Last);

    public long Count => (long)Last.Value - First.Value + 1;

    /// <summary>The pool's addresses, first to last.</summary>
    public IEnumerable<Ipv4> Addresses
    {
        get
        {
            for (var a = First.Value; ; a++)
            {
                yield return new Ipv4(a);
                if (a == Last.Value) yield break;
            }
        }
    }

    public bool Contains(Ipv4 address) => address.CompareTo(First) >= 0 && address.CompareTo(Last) <= 0;

    public bool Overlaps(IpLocalPool other) => First.CompareTo(other.Last) <= 0 && other.First.CompareTo(Last) <= 0;

    public IEnumerable<string> Render(RenderContext c) =>
        [Mask is { } m ? $"ip local pool {Name} {First}-{Last} mask {m}" : $"ip local pool {Name} {First}-{Last}"];
}
