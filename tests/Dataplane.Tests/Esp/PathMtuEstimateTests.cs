using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Tests.Esp;

public class PathMtuEstimateTests
{
    [Fact]
    public void Reports_lower_it_and_never_raise_it()
    {
        var estimate = new PathMtuEstimate();
        Assert.Equal(1500, estimate.Mtu(1500));
        Assert.Null(estimate.Learned);

        Assert.True(estimate.Lower(1400));
        Assert.False(estimate.Lower(1450)); // RFC 1191 §3: a report never raises it
        Assert.False(estimate.Lower(67));   // below what every IPv4 link carries
        Assert.Equal(1400, estimate.Mtu(1500));
        Assert.Equal(1300, estimate.Mtu(1300)); // the interface's own MTU still bounds it
        Assert.True(estimate.Lower(1200));
        Assert.Equal((1200, 1200L), (estimate.Learned, estimate.Mtu(1500)));
    }
}
