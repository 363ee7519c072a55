using System.Net;
using AsaEmu.Shell.Listeners;
using AsaEmu.Shell.Ssh;
using AsaEmu.Shell.Ssh.Wire;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Renci.SshNet;

namespace AsaEmu.Shell.Tests.Ssh;

/// <summary>Runs alone: it counts the process's descriptors, which tests running beside it would disturb.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DescriptorCounting
{
    public const string Name = "Descriptor counting";
}

/// <summary>
/// Floods of connections that never log in (OpenSSH's MaxStartups and PerSourceMaxStartups): those
/// past the limits are closed at accept, before a byte or any key exchange work, and an
/// administrator from elsewhere still logs in.
/// </summary>
[Collection(DescriptorCounting.Name)]
public sealed class PreAuthFloodTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly IPAddress Flooder = IPAddress.Parse("127.0.0.2");

    /// <summary>A server whose log is watched: each refusal checks the counts at that moment and is counted.</summary>
    private sealed class WatchedServer : IAsyncDisposable
    {
        private readonly TestServer _server;
        private TaskCompletionSource _refusedEnough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _refusalsWanted = int.MaxValue;
        private int _refused;

        public WatchedServer(StartupLimits limits)
        {
            _server = new TestServer(o => o with
            {
                LoginTimeout = TimeSpan.FromSeconds(60),
                Startups = limits,
                Log = line =>
                {
                    o.Log!(line);
                    if (!line.Contains(": refused, ", StringComparison.Ordinal))
                        return;
                    // Sampled in the accept loop, right after the decision.
                    MaxUnauthenticated = Math.Max(MaxUnauthenticated, _server!.Server.UnauthenticatedCount);
                    MaxConnections = Math.Max(MaxConnections, _server.Server.ConnectionCount);
                    if (Interlocked.Increment(ref _refused) >= Volatile.Read(ref _refusalsWanted))
                        _refusedEnough.TrySetResult();
                },
            });
        }

        public SshServer Server => _server.Server;
        public int Port => _server.Port;
        public IReadOnlyList<string> Lines => [.. _server.Logs];
        public int MaxUnauthenticated { get; private set; }
        public int MaxConnections { get; private set; }
        public int Refused => Volatile.Read(ref _refused);

        public Task RefusedAsync(int count)
        {
            Volatile.Write(ref _refusalsWanted, count);
            if (Refused >= count)
                _refusedEnough.TrySetResult();
            return _refusedEnough.Task.WaitAsync(Wait);
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }

    /// <summary>
    /// A flooding connection that asks for the expensive part at once: version, KEXINIT and a
    /// curve25519 KEX_ECDH_INIT in one go, then silence. True when the server answered (and did
    /// the key agreement), false when it closed without sending a byte.
    /// </summary>
    private static async Task<(RawSshClient Client, bool Served)> FloodAsync(int port, IPAddress from, byte[] clientValue)
    {
        var client = await RawSshClient.ConnectAsync(port, from);
        try
        {
            await client.SendRawAsync(RawSshClient.Version + "\r\n");
            await client.SendPacketAsync(RawSshClient.KexInit(strict: false));
            await client.SendPacketAsync(new SshWriter(MessageNumber.KexDhInit).WriteString(clientValue).ToArray());
        }
        catch (IOException)
        {
            // Closed at accept before we finished writing.
        }
        try
        {
            Assert.Equal("SSH-2.0-Cisco-1.25", await client.ReadLineAsync());
            // The server's KEXINIT, then its reply: the key agreement and the signature are done.
            Assert.Equal(MessageNumber.KexInit, (await client.ReadPacketAsync())[0]);
            Assert.Equal(MessageNumber.KexDhReply, (await client.ReadPacketAsync())[0]);
            return (client, true);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            return (client, false);
        }
    }

    private static int OpenDescriptors() => Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();

    private static byte[] ClientValue() =>
        new X25519PrivateKeyParameters(new SecureRandom()).GeneratePublicKey().GetEncoded();

    [Fact]
    public async Task A_flood_from_one_source_is_cut_at_its_share_and_an_admin_still_logs_in()
    {
        const int flood = 300;
        await using var server = new WatchedServer(new StartupLimits(Start: 4, Rate: 30, Full: 10, PerSource: 3));
        var clients = new List<RawSshClient>();
        try
        {
            var descriptorsBefore = OpenDescriptors();
            var value = ClientValue();
            var results = await Task.WhenAll(Enumerable.Range(0, flood).Select(_ => FloodAsync(server.Port, Flooder, value))).WaitAsync(Wait);
            clients.AddRange(results.Select(r => r.Client));
            await server.RefusedAsync(flood - 3);
            var descriptorsDuring = OpenDescriptors();

            // The admin, from 127.0.0.1, during the flood.
            using (var admin = new SshClient("127.0.0.1", server.Port, TestServer.User, TestServer.Password))
            {
                admin.ConnectionInfo.Timeout = Wait;
                admin.Connect();
                using var command = admin.CreateCommand("show version");
                command.CommandTimeout = Wait;
                Assert.Equal($"{LineHandler.Version}\r\nuser admin\r\n", command.Execute());
            }

            Assert.Equal(3, results.Count(r => r.Served));
            Assert.Equal(flood - 3, server.Refused);
            Assert.InRange(server.MaxUnauthenticated, 0, 3);
            Assert.InRange(server.MaxConnections, 0, 3);
            Assert.Equal(3, server.Server.UnauthenticatedCount);
            // The key exchanges done: the three flooders admitted and the admin, none for the rest.
            Assert.Equal(4, server.Lines.Count(l => l.Contains(": kex ", StringComparison.Ordinal)));
            // Our own descriptors: one per flooding client, three for the connections served, the
            // runtime's own coming and going (the earlier tests' sockets may still be closing, so a few
            // either way); a server that kept every connection would hold as many again.
            Assert.InRange(descriptorsDuring - descriptorsBefore, flood - 40, flood + 3 + 40);
            Assert.Contains(server.Lines, l => l.EndsWith(": refused, 3 connections from this source not logged in (limits 4:30:10, 3 per source)", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_flood_from_many_sources_never_holds_more_than_full()
    {
        const int sources = 40, perSource = 3;
        await using var server = new WatchedServer(new StartupLimits(Start: 4, Rate: 30, Full: 10, PerSource: 2));
        var clients = new List<RawSshClient>();
        try
        {
            var value = ClientValue();
            var flooding = Enumerable.Range(0, sources).SelectMany(s => Enumerable.Repeat(IPAddress.Parse($"127.0.1.{s + 1}"), perSource))
                .Select(from => FloodAsync(server.Port, from, value));
            var results = await Task.WhenAll(flooding).WaitAsync(Wait);
            clients.AddRange(results.Select(r => r.Client));
            var served = results.Count(r => r.Served);
            await server.RefusedAsync(sources * perSource - served);

            Assert.InRange(served, 4, 10);
            Assert.InRange(server.MaxUnauthenticated, 0, 10);
            Assert.Equal(served, server.Server.UnauthenticatedCount);
            Assert.Equal(served, server.Lines.Count(l => l.Contains(": kex ", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }
}
