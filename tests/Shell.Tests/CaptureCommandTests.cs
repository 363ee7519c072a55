using System.Net;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Shell.Persistence;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Shell.Tests;

/// <summary><c>capture</c>, <c>show capture</c>, <c>clear capture</c>, <c>no capture</c> and <c>copy /pcap</c> on the built-in EzVPN config.</summary>
public class CaptureCommandTests
{
    private static readonly IPEndPoint Ike = new(IPAddress.Parse("203.0.113.1"), 500);
    private static readonly IPEndPoint Client = new(IPAddress.Parse("198.51.100.7"), 500);

    [Fact]
    public async Task Show_capture_lists_each_capture_with_its_options_interfaces_bytes_and_match_lines()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        var output = await h.Show(
            "capture capout interface outside match udp host 198.51.100.7 any eq 500",
            "capture capout match esp any any",
            "capture capin interface inside buffer 100000 circular-buffer packet-length 200",
            "capture capin interface outside",
            "show capture");
        Assert.Equal(
            "capture capout type raw-data interface outside [Capturing - 0 bytes]\r\n" +
            "  match udp host 198.51.100.7 any eq isakmp\r\n" +
            "  match esp any any\r\n" +
            "capture capin type raw-data buffer 100000 circular-buffer interface inside interface outside packet-length 200 [Capturing - 0 bytes]\r\n",
            output);
    }

    [Fact]
    public async Task Show_capture_name_decodes_the_packets_the_outside_tap_kept()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        await h.Show("capture capout interface outside match udp any any eq 500");
        h.Appliance.Captures.TapUdp(true, Ike, Client, new byte[100]);
        h.Appliance.Captures.TapUdp(true, new IPEndPoint(Ike.Address, 4500), new IPEndPoint(Client.Address, 4500), new byte[100]);
        h.Clock.Advance(TimeSpan.FromMilliseconds(1.5));
        h.Appliance.Captures.TapUdp(false, Ike, Client, new byte[80]);
        h.Appliance.Captures.TapInside(new byte[40]);

        Assert.Equal(
            "\r\n2 packets captured\r\n\r\n" +
            "   1: 09:30:00.000000       198.51.100.7.500 > 203.0.113.1.500:  udp 100\r\n" +
            "   2: 09:30:00.001500       203.0.113.1.500 > 198.51.100.7.500:  udp 80\r\n" +
            "2 packets shown\r\n",
            await h.Show("show capture capout"));
        Assert.Equal("capture capout type raw-data interface outside [Capturing - 236 bytes]\r\n  match udp any any eq isakmp\r\n",
            await h.Show("show capture"));

        await h.Show("clear capture capout");
        Assert.Contains("0 packets captured", await h.Show("show capture capout"));
        await h.Show("no capture capout");
        Assert.Equal("", await h.Show("show capture"));
        Assert.False(h.Appliance.Captures.Active);
    }

    [Fact]
    public async Task An_access_list_capture_keeps_what_the_list_permits_in_its_direction()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        await h.Show("configure terminal", "access-list CAP extended permit udp host 198.51.100.7 any", "end", "capture c access-list CAP interface outside");
        h.Appliance.Captures.TapUdp(true, Ike, Client, new byte[10]);
        h.Appliance.Captures.TapUdp(false, Ike, Client, new byte[10]);
        Assert.Single(h.Appliance.Captures.Find("c")!.Packets);
        Assert.StartsWith("capture c type raw-data access-list CAP interface outside [Capturing - 38 bytes]", await h.Show("show capture"));
    }

    [Theory]
    [InlineData("capture c interface nowhere", "ERROR: Interface name \"nowhere\" not found\r\n")]
    [InlineData("capture c interface outside access-list NONE", "ERROR: access-list <NONE> does not exist\r\n")]
    [InlineData("show capture nope", "ERROR: Capture <nope> does not exist\r\n")]
    [InlineData("clear capture nope", "ERROR: Capture <nope> does not exist\r\n")]
    [InlineData("no capture nope", "ERROR: Capture <nope> does not exist\r\n")]
    [InlineData("copy /noconfirm /pcap capture:nope disk0:/x.pcap", "ERROR: Capture <nope> does not exist\r\n")]
    public async Task Bad_names_get_the_asas_error(string command, string expected)
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        Assert.Equal(expected, await h.Show(command));
        Assert.Empty(h.Appliance.Captures.All);
    }

    [Theory]
    [InlineData("capture c interface outside bogus", "                                  ^")]
    [InlineData("capture c buffer 12", "                           ^")]
    [InlineData("capture c packet-length 100000", "                                  ^")]
    [InlineData("capture c type isakmp", "                         ^")]
    [InlineData("capture c match udp any nowhere", "                                  ^")]
    public async Task Bad_options_get_the_caret_under_the_bad_word(string command, string caret)
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        var output = await h.Show(command);
        Assert.Contains(caret + "\r\nERROR: % Invalid input detected at '^' marker.", output);
        Assert.Empty(h.Appliance.Captures.All);
    }

    [Fact]
    public async Task Access_list_and_match_together_are_refused()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        await h.Show("configure terminal", "access-list CAP extended permit ip any any", "end");
        Assert.Equal("ERROR: Capture doesn't support access-list and match together\r\n",
            await h.Show("capture c interface outside access-list CAP match ip any any"));
    }

    [Fact]
    public async Task Copy_pcap_writes_the_capture_and_the_decryption_tables_to_disk0()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        await h.Show("capture capout interface outside");
        h.Appliance.Captures.TapUdp(true, Ike, Client, new byte[60]);
        h.Appliance.Captures.Keys.Add(new IkeSaKeys(0x0102030405060708UL, [1, 2, 3, 4]));

        var output = await h.Show("copy /noconfirm /pcap capture:capout disk0:/capout.pcap");
        Assert.Equal("!\r\n1 packets copied in 0.0 secs\r\n" +
            "INFO: Wireshark decryption tables: disk0:/capout.esp_sa, disk0:/capout.ikev1_decryption_table\r\n", output);
        var flash = ((FileConfigStore)h.Appliance.Store).Directory;
        Assert.Equal(PcapWriter.Write(h.Appliance.Captures.Find("capout")!.Packets, 1518), File.ReadAllBytes(Path.Combine(flash, "capout.pcap")));
        Assert.Equal("0102030405060708,01020304\n", File.ReadAllText(Path.Combine(flash, "capout.ikev1_decryption_table")));
        Assert.Equal("", File.ReadAllText(Path.Combine(flash, "capout.esp_sa")));
        Assert.Matches(@"\r\n13 +-rwx  0 +\d\d:\d\d:\d\d \w{3} \d\d \d{4}  capout.esp_sa\r\n14 +-rwx  26 +.*  capout.ikev1_decryption_table\r\n15 +-rwx  128 +.*  capout.pcap\r\n", await h.Show("dir"));

        Assert.Equal("%Error opening disk0:/../x.pcap (Permission denied)\r\n", await h.Show("copy /noconfirm /pcap capture:capout disk0:/../x.pcap"));
        Assert.Equal("%Error opening tftp://1.2.3.4/x (Invalid argument)\r\n", await h.Show("copy /noconfirm /pcap capture:capout tftp://1.2.3.4/x"));
    }
    [Fact]
    public async Task Show_capture_detail_adds_the_frame_length_ttl_and_ip_id()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        await h.Show("capture capout interface outside");
        h.Appliance.Captures.TapUdp(true, Ike, Client, new byte[100]);
        Assert.Equal(
            "\r\n1 packet captured\r\n\r\n" +
            "   1: 09:30:00.000000 0000.0000.0000 0000.0000.0000 0x0800 Length: 142\r\n" +
            "      198.51.100.7.500 > 203.0.113.1.500:  udp 100 (ttl 64, id 0)\r\n" +
            "1 packet shown\r\n",
            await h.Show("show capture capout detail"));
    }

    [Fact]
    public async Task Copy_pcap_asks_for_the_names_and_enter_takes_the_defaults()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        var (monitor, terminal) = await h.Open();
        using (monitor)
        {
            await ShowHarness.Run(monitor, terminal, "capture capout interface outside");
            terminal.Type("", "");
            var output = await ShowHarness.Run(monitor, terminal, "copy /pcap capture:capout disk0:/out.pcap");
            Assert.StartsWith("Source capture name [capout]? \r\nDestination filename [out.pcap]? \r\n!\r\n0 packets copied", output);
        }
        Assert.True(File.Exists(Path.Combine(((FileConfigStore)h.Appliance.Store).Directory, "out.pcap")));
    }
    [Fact]
    public async Task No_capture_with_options_removes_only_those_parts()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        var output = await h.Show(
            "capture c interface outside interface inside match icmp any any",
            "capture c match udp any any",
            "no capture c interface inside",
            "no capture c match icmp any any",
            "show capture");
        Assert.Equal("capture c type raw-data interface outside [Capturing - 0 bytes]\r\n  match udp any any\r\n", output);
        h.Appliance.Captures.TapUdp(true, Ike, Client, new byte[10]);
        h.Appliance.Captures.TapInside(CaptureIcmp());
        Assert.Single(h.Appliance.Captures.Find("c")!.Packets);
        await h.Show("no capture c interface outside");
        Assert.False(h.Appliance.Captures.Active);
        Assert.Equal("capture c type raw-data [Capturing - 38 bytes]\r\n  match udp any any\r\n", await h.Show("show capture"));
    }

    private static byte[] CaptureIcmp()
    {
        var packet = new byte[28];
        Ipv4Synthesis.WriteIp(packet, ConfigModel.Model.Ipv4.Parse("10.0.0.1").Value, ConfigModel.Model.Ipv4.Parse("10.0.0.2").Value, Ipv4Header.ProtocolIcmp, 8);
        return packet;
    }
}
