using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Syntax;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Tests.Capture;

public class CaptureFilterTests
{
    private static CaptureRule Rule(string body, bool permit = true, Func<string, (Ipv4, Ipv4)?>? objects = null)
    {
        var ace = (ExtendedAce)AceParser.Parse(body).Value! with { Permit = permit };
        return CaptureRule.From(ace, objects) ?? throw new InvalidOperationException(body);
    }

    [Fact]
    public void A_match_clause_keeps_both_directions_of_a_flow_and_nothing_else()
    {
        var filter = new CaptureFilter([Rule("icmp host 10.1.1.1 10.2.2.0 255.255.255.0")], bothDirections: true);
        Assert.True(filter.Matches(CapturePackets.Echo("10.1.1.1", "10.2.2.7")));
        Assert.True(filter.Matches(CapturePackets.Echo("10.2.2.7", "10.1.1.1", request: false)));
        Assert.False(filter.Matches(CapturePackets.Echo("10.1.1.2", "10.2.2.7")));
        Assert.False(filter.Matches(CapturePackets.Udp("10.1.1.1", 1000, "10.2.2.7", 53)));
    }

    [Fact]
    public void An_access_list_is_read_in_its_direction_first_match_deciding()
    {
        var filter = new CaptureFilter([Rule("udp any host 203.0.113.1 eq 4500", permit: false), Rule("udp any host 203.0.113.1")], bothDirections: false);
        Assert.True(filter.Matches(CapturePackets.Udp("198.18.0.2", 500, "203.0.113.1", 500)));
        Assert.False(filter.Matches(CapturePackets.Udp("198.18.0.2", 4500, "203.0.113.1", 4500)));
        Assert.False(filter.Matches(CapturePackets.Udp("203.0.113.1", 500, "198.18.0.2", 500)));
    }

    [Theory]
    [InlineData("tcp any any eq www", 80, true)]
    [InlineData("tcp any any eq www", 443, false)]
    [InlineData("tcp any any neq 80", 443, true)]
    [InlineData("tcp any any lt 1024", 1023, true)]
    [InlineData("tcp any any lt 1024", 1024, false)]
    [InlineData("tcp any any gt 1024", 1025, true)]
    [InlineData("tcp any any range 8000 8080", 8080, true)]
    [InlineData("tcp any any range 8000 8080", 8081, false)]
    [InlineData("tcp any eq 1234 any", 80, true)]
    [InlineData("tcp any eq 1235 any", 80, false)]
    public void Port_operators_test_the_ports_of_tcp(string body, int port, bool kept)
    {
        var filter = new CaptureFilter([Rule(body)], bothDirections: false);
        Assert.Equal(kept, filter.Matches(CapturePackets.Tcp("10.0.0.1", 1234, "10.0.0.2", (ushort)port, 0x02, 1)));
    }

    [Fact]
    public void Esp_and_numbered_protocols_match_by_protocol_and_icmp_by_type()
    {
        var esp = new byte[60];
        Ipv4Synthesis.WriteIp(esp, Ipv4.Parse("198.18.0.2").Value, Ipv4.Parse("198.18.0.1").Value, Ipv4Header.ProtocolEsp, 40);
        Assert.True(new CaptureFilter([Rule("esp any any")], true).Matches(esp));
        Assert.True(new CaptureFilter([Rule("50 any any")], true).Matches(esp));
        Assert.False(new CaptureFilter([Rule("udp any any")], true).Matches(esp));
        var echoOnly = new CaptureFilter([Rule("icmp any any echo")], false);
        Assert.True(echoOnly.Matches(CapturePackets.Echo("10.0.0.1", "10.0.0.2")));
        Assert.False(echoOnly.Matches(CapturePackets.Echo("10.0.0.2", "10.0.0.1", request: false)));
    }

    [Fact]
    public void Objects_resolve_and_what_a_capture_cannot_test_is_refused()
    {
        var rule = Rule("ip object LAN any", objects: name => name == "LAN" ? (Ipv4.Parse("10.9.0.0"), Ipv4.Parse("255.255.0.0")) : null);
        Assert.True(new CaptureFilter([rule], false).Matches(CapturePackets.Echo("10.9.3.4", "1.1.1.1")));
        var group = (ExtendedAce)AceParser.Parse("ip object-group G any").Value!;
        Assert.Null(CaptureRule.From(group));
        Assert.Null(CaptureRule.From((ExtendedAce)AceParser.Parse("ip object MISSING any").Value!, _ => null));
    }

    [Fact]
    public void No_rules_keep_everything_and_garbage_is_not_kept_by_a_filter()
    {
        Assert.True(CaptureFilter.Everything.Matches([1, 2, 3]));
        Assert.False(new CaptureFilter([Rule("ip any any")], true).Matches([0x45, 0, 0]));
        Assert.False(new CaptureFilter([Rule("ip any any")], true).Matches(new byte[40]));
    }
}
