using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using AsaEmu.Shell.Listeners;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>Clients that break the protocol: each is cut off cleanly and the server keeps serving.</summary>
public sealed class BadClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TestServer _server = new(o => o with
    {
        LoginTimeout = TimeSpan.FromSeconds(2),
        KeyExchangeTimeout = TimeSpan.FromSeconds(1),
        // Room for the 200 bad clients at once: here they must reach the protocol code (PreAuthFloodTests has the limits).
        Startups = new StartupLimits(300, 30, 300, 300),
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<RawSshClient> ConnectAsync() => RawSshClient.ConnectAsync(_server.Port);

    /// <summary>The server still logs a user in and runs a command.</summary>
    private async Task AssertStillServesAsync()
    {
        await using var client = await ConnectAsync();
        var banner = await client.ExchangeVersionsAsync();
        await client.KeyExchangeAsync(banner);
        await client.SendPacketAsync(new SshWriter(MessageNumber.ServiceRequest).WriteString("ssh-userauth").ToArray());
        Assert.Equal(MessageNumber.ServiceAccept, (await client.ReadPacketAsync())[0]);
    }

    [Fact]
    public async Task Lines_before_the_version_line_are_tolerated()
    {
        await using var client = await ConnectAsync();
        Assert.Equal("SSH-2.0-Cisco-1.25", await client.ReadLineAsync());
        await client.SendRawAsync("hello there\r\nanother line\n" + RawSshClient.Version + "\r\n");

        var packet = await client.ReadPacketAsync();

        Assert.Equal(MessageNumber.KexInit, packet[0]);
    }

    [Theory]
    [InlineData("garbage lines")]
    [InlineData("a long line")]
    [InlineData("SSH-1.5")]
    [InlineData("binary")]
    public async Task No_usable_version_line_closes_the_connection(string kind)
    {
        await using var client = await ConnectAsync();
        Assert.Equal("SSH-2.0-Cisco-1.25", await client.ReadLineAsync());
        var garbage = kind switch
        {
            "garbage lines" => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET / HTTP/1.1\r\n", 1000))),
            "a long line" => Encoding.ASCII.GetBytes(new string('x', 300)),
            "SSH-1.5" => Encoding.ASCII.GetBytes("SSH-1.5-OldClient\r\n"),
            _ => [0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x0a],
        };
        try
        {
            await client.SendRawAsync(garbage);
        }
        catch (IOException)
        {
            // The server may close before it has read everything.
        }
        if (kind == "binary")
            await client.SendRawAsync("\n");

        var text = await client.ReadAllTextAsync(Wait);

        Assert.Contains("Protocol mismatch.", text);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task An_oversized_packet_length_is_a_protocol_error()
    {
        await using var client = await ConnectAsync();
        await client.ExchangeVersionsAsync();
        Assert.Equal(MessageNumber.KexInit, (await client.ReadPacketAsync())[0]);

        var header = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, 1 << 20);
        await client.SendRawAsync(header);

        Assert.Equal(DisconnectReason.ProtocolError, await client.ReadDisconnectAsync());
        Assert.True(await client.WaitForCloseAsync(Wait));
        Assert.Contains("bad packet length 1048576", _server.LogText);
    }

    [Fact]
    public async Task A_packet_with_impossible_padding_is_a_protocol_error()
    {
        await using var client = await ConnectAsync();
        await client.ExchangeVersionsAsync();
        await client.ReadPacketAsync();

        // packet_length 12, padding_length 200: the padding cannot fit.
        await client.SendRawAsync([0, 0, 0, 12, 200, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        Assert.Equal(DisconnectReason.ProtocolError, await client.ReadDisconnectAsync());
        Assert.True(await client.WaitForCloseAsync(Wait));
    }

    [Fact]
    public async Task A_truncated_packet_ends_only_that_connection()
    {
        await using var client = await ConnectAsync();
        await client.ExchangeVersionsAsync();
        await client.ReadPacketAsync();

        await client.SendRawAsync([0, 0, 0, 100, 4, 20, 1, 2, 3]);
        client.ShutdownSend();

        Assert.True(await client.WaitForCloseAsync(Wait));
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task A_wrong_mac_after_key_exchange_disconnects_with_mac_error()
    {
        await using var client = await ConnectAsync();
        var banner = await client.ExchangeVersionsAsync();
        await client.KeyExchangeAsync(banner);

        await client.SendPacketAsync(new SshWriter(MessageNumber.ServiceRequest).WriteString("ssh-userauth").ToArray(), corruptMac: true);

        Assert.Equal(DisconnectReason.MacError, await client.ReadDisconnectAsync());
        Assert.True(await client.WaitForCloseAsync(Wait));
        Assert.DoesNotContain("unexpected error", _server.LogText);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Strict_kex_refuses_a_packet_before_kexinit()
    {
        await using var client = await ConnectAsync();
        await client.ExchangeVersionsAsync();

        // The Terrapin attack injects a packet before KEXINIT to shift the sequence numbers.
        await client.SendPacketAsync(new SshWriter(MessageNumber.Ignore).WriteString("x").ToArray());
        await client.SendKexInitAsync(RawSshClient.KexInit(strict: true));

        Assert.Equal(DisconnectReason.ProtocolError, await client.ReadDisconnectAsync());
        Assert.Contains("KEXINIT was not the first packet", _server.LogText);
    }

    [Fact]
    public async Task Strict_kex_refuses_ignore_messages_during_the_initial_exchange()
    {
        await using var client = await ConnectAsync();
        await client.ExchangeVersionsAsync();
        await client.SendKexInitAsync(RawSshClient.KexInit(strict: true));

        await client.SendPacketAsync(new SshWriter(MessageNumber.Ignore).WriteString("x").ToArray());

        Assert.Equal(DisconnectReason.ProtocolError, await client.ReadDisconnectAsync());
    }

    [Fact]
    public async Task Without_strict_kex_an_ignore_message_before_kexinit_is_fine()
    {
        await using var client = await ConnectAsync();
        var banner = await client.ExchangeVersionsAsync();
        await client.SendPacketAsync(new SshWriter(MessageNumber.Ignore).WriteString("x").ToArray());

        await client.KeyExchangeAsync(banner, strict: false);
        await client.SendPacketAsync(new SshWriter(MessageNumber.ServiceRequest).WriteString("ssh-userauth").ToArray());

        Assert.Equal(MessageNumber.ServiceAccept, (await client.ReadPacketAsync())[0]);
    }

    [Fact]
    public async Task An_unknown_message_during_key_exchange_is_answered_at_once()
    {
        await using var client = await ConnectAsync();
        await client.ExchangeVersionsAsync();
        await client.SendKexInitAsync(RawSshClient.KexInit(strict: false)); // sequence number 0

        await client.SendPacketAsync([42]); // sequence number 1: not a message the server knows

        var reply = await client.ReadPacketAsync().WaitAsync(Wait);
        Assert.Equal(MessageNumber.Unimplemented, reply[0]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(1)));
    }

    [Fact]
    public async Task Messages_out_of_order_are_refused()
    {
        await using var client = await ConnectAsync();
        var banner = await client.ExchangeVersionsAsync();
        await client.KeyExchangeAsync(banner);

        // A channel before authentication.
        await client.SendPacketAsync(new SshWriter(MessageNumber.ChannelOpen).WriteString("session").WriteUInt32(0).WriteUInt32(1000).WriteUInt32(1000).ToArray());

        Assert.Equal(DisconnectReason.ProtocolError, await client.ReadDisconnectAsync());
    }

    [Fact]
    public async Task A_client_that_stops_mid_key_exchange_is_dropped_after_the_timeout()
    {
        await using var client = await ConnectAsync();
        await client.ExchangeVersionsAsync();
        await client.SendKexInitAsync(RawSshClient.KexInit(strict: true));

        Assert.True(await client.WaitForCloseAsync(Wait));

        // Closed for the login timeout, as the server says, not for anything the client sent.
        await _server.WaitForLogAsync("login timed out");
    }

    [Fact]
    public async Task A_client_that_stops_mid_rekey_is_dropped_after_the_kex_timeout()
    {
        await using var client = await ConnectAsync();
        var banner = await client.ExchangeVersionsAsync();
        await client.KeyExchangeAsync(banner);
        Assert.True(await client.LoginAsync(TestServer.User, TestServer.Password));

        await client.SendKexInitAsync(RawSshClient.KexInit(strict: true));

        Assert.True(await client.WaitForCloseAsync(Wait));
        await _server.WaitForLogAsync("key exchange timed out");
    }

    [Fact]
    public async Task An_authenticated_idle_connection_is_not_timed_out()
    {
        var clock = new FakeClock();
        await using var server = new TestServer(o => o with { LoginTimeout = TimeSpan.FromSeconds(2), Clock = clock });
        await using var client = await RawSshClient.ConnectAsync(server.Port);
        var banner = await client.ExchangeVersionsAsync();
        await client.KeyExchangeAsync(banner);
        Assert.True(await client.LoginAsync(TestServer.User, TestServer.Password));

        // Past the login timeout on the server's clock: were it still armed, it would close the connection now.
        clock.Advance(TimeSpan.FromSeconds(3));
        await client.SendPacketAsync(new SshWriter(MessageNumber.GlobalRequest).WriteString("keepalive@openssh.com").WriteBoolean(true).ToArray());

        Assert.Equal(MessageNumber.RequestFailure, (await client.ReadPacketAsync())[0]);
    }

    [Fact]
    public async Task A_client_that_never_sends_a_version_is_dropped_after_the_timeout()
    {
        var clock = new FakeClock();
        await using var server = new TestServer(o => o with { LoginTimeout = TimeSpan.FromSeconds(2), Clock = clock });
        await using var client = await RawSshClient.ConnectAsync(server.Port);
        // The server arms the login timeout before it sends its version line.
        await client.ReadLineAsync();

        clock.Advance(TimeSpan.FromSeconds(3));

        Assert.True(await client.WaitForCloseAsync(Wait));
    }

    [Fact]
    public async Task Two_hundred_connections_dropped_at_once_do_not_disturb_a_good_session()
    {
        var clients = new List<TcpClient>();
        try
        {
            var opening = Enumerable.Range(0, 200).Select(async i =>
            {
                var tcp = new TcpClient();
                lock (clients)
                    clients.Add(tcp);
                await tcp.ConnectAsync("127.0.0.1", _server.Port);
                var stream = tcp.GetStream();
                switch (i % 4)
                {
                    case 1:
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(RawSshClient.Version + "\r\n"));
                        break;
                    case 2:
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(RawSshClient.Version + "\r\n"));
                        await stream.WriteAsync(RawSshClient.KexInit(strict: false).AsMemory(0, 30)); // half a packet
                        break;
                    case 3:
                        await stream.WriteAsync(new byte[] { 0xde, 0xad, 0xbe, 0xef, (byte)'\n' });
                        break;
                }
            });
            await Task.WhenAll(opening).WaitAsync(Wait);

            var good = Task.Run(AssertStillServesAsync);
            foreach (var tcp in clients)
            {
                tcp.Client.LingerState = new LingerOption(true, 0); // reset, as a crashed client would
                tcp.Dispose();
            }
            await good.WaitAsync(Wait);
        }
        finally
        {
            foreach (var tcp in clients)
                tcp.Dispose();
        }

        await _server.WaitForNoConnectionsAsync();
        Assert.Equal(0, _server.Server.ConnectionCount);
        Assert.DoesNotContain("unexpected error", _server.LogText);
    }
}
