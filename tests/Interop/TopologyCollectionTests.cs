using System.Reflection;

namespace AsaEmu.Interop;

/// <summary>Every interop test class names the topology it runs on by its xunit collection (see Topologies.cs).</summary>
public class TopologyCollectionTests
{
    private static readonly string[] Topologies = [nameof(VpncTests), nameof(LabTests), SitePair.Collection];

    [Fact]
    public void Every_test_class_is_in_the_collection_of_its_topology()
    {
        var loose = typeof(TopologyCollectionTests).Assembly.GetTypes()
            .Where(t => t != typeof(TopologyCollectionTests) && t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()))
            .Where(t => !Topologies.Contains(CollectionName(t)))
            .Select(t => t.Name)
            .ToList();
        Assert.True(loose.Count == 0, "not in a topology's collection: " + string.Join(", ", loose));
    }

    /// <summary>The name a class gives in <c>[Collection(...)]</c> (xunit keeps it only as the constructor's argument), null without one.</summary>
    private static string? CollectionName(Type t) =>
        t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(CollectionAttribute))?.ConstructorArguments[0].Value as string;
}
