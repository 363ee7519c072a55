using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using AsaEmu.Dataplane.Outside;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace AsaEmu.Shell.Loadgen;

/// <summary>
/// The clients' ports as real UDP sockets, all received from by one thread. Each client keeps a socket of
/// its own (its own source address and port for the headend), non-blocking and registered in one epoll(7)
/// set under the client's number; the thread waits in epoll_wait and drains each socket that has datagrams
/// into one buffer, posting what came to the generator's inbox. A client costs a socket (about a kilobyte in
/// the kernel) and a few small objects: a thread of its own and an endpoint's 8 × 64 KiB of pinned receive
/// buffers each held the generator to a few thousand clients.
/// </summary>
internal sealed class SocketClientPorts : IClientPorts
{
    /// <summary>Ready sockets taken per epoll_wait.</summary>
    private const int EventsPerWait = 256;

    /// <summary>The largest UDP payload: nothing is cut short.</summary>
    private const int MaxDatagram = 65535;

    private static readonly IPEndPoint AnyEndPoint = new(IPAddress.Any, 0);

    private readonly ChannelWriter<object> _inbox;
    private readonly ConcurrentDictionary<int, Port> _ports = new();
    private readonly SafeFileHandle _epoll;
    private readonly Thread _receiver;
    private volatile bool _stopping;

    public SocketClientPorts(ChannelWriter<object> inbox)
    {
        _inbox = inbox;
        _epoll = Epoll.Create();
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "loadgen receive" };
        _receiver.Start();
    }

    /// <summary>How many ports are open (for tests).</summary>
    public int Count => _ports.Count;

    public IClientPort Open(LoadgenClient client, IPAddress local)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            var port = new Port(this, client, socket);
            _ports[client.Number] = port;
            Epoll.Add(_epoll, socket.SafeHandle, client.Number);
            return port;
        }
        catch
        {
            _ports.TryRemove(client.Number, out _);
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Waits for ready sockets (at most <see cref="UdpEndpoint.PollMilliseconds"/>, to see the stop) and drains them.</summary>
    private void ReceiveLoop()
    {
        var events = new epoll_event[EventsPerWait];
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram);
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stopping)
        {
            var ready = Epoll.Wait(_epoll, events, UdpEndpoint.PollMilliseconds);
            for (var i = 0; i < ready; i++)
                if (_ports.TryGetValue((int)events[i].data.u64, out var port)) port.Drain(buffer, from, _inbox);
        }
    }

    /// <summary>Stops the receive loop (within its poll interval) and closes every port still open.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_receiver.IsAlive) _receiver.Join();
        foreach (var port in _ports.Values) port.Dispose();
        _epoll.Dispose();
    }

    private sealed class Port(SocketClientPorts owner, LoadgenClient client, Socket socket) : IClientPort
    {
        public IPEndPoint Local { get; } = (IPEndPoint)socket.LocalEndPoint!;

        /// <summary>
        /// Takes every datagram queued (epoll is level-triggered: one left is reported again). The first
        /// receive is made even when FIONREAD says 0, which an empty datagram also gives.
        /// </summary>
        public void Drain(byte[] buffer, SocketAddress from, ChannelWriter<object> inbox)
        {
            try
            {
                do
                {
                    var length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
                    inbox.TryWrite(new LoadgenClient.Received(client, (IPEndPoint)AnyEndPoint.Create(from), buffer.AsSpan(0, length).ToArray()));
                }
                while (socket.Available > 0);
            }
            catch (SocketException) { } // EAGAIN: drained (or an ICMP error for an earlier send, which is no datagram)
            catch (ObjectDisposedException) { } // closed by the generator's loop meanwhile
        }

        public void Send(IPEndPoint to, byte[] datagram)
        {
            try { socket.SendTo(datagram, SocketFlags.None, to); }
            catch (SocketException) { } // EAGAIN with the send buffer full, no route: the engine resends
            catch (ObjectDisposedException) { }
        }

        /// <summary>Closes the socket: the kernel takes it out of the epoll set with its last descriptor.</summary>
        public void Dispose()
        {
            owner._ports.TryRemove(new KeyValuePair<int, Port>(client.Number, this));
            socket.Dispose();
        }
    }
}

/// <summary>epoll(7), which Tmds.LibC binds with pointers only: the same calls over its <see cref="epoll_event"/> by reference and by array.</summary>
internal static class Epoll
{
    public static SafeFileHandle Create()
    {
        var fd = epoll_create1(LibC.EPOLL_CLOEXEC);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw new IOException($"epoll_create1: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>Watches <paramref name="socket"/> for datagrams, reported with <paramref name="tag"/>.</summary>
    public static void Add(SafeFileHandle epoll, SafeHandle socket, int tag)
    {
        var watch = new epoll_event { events = LibC.EPOLLIN };
        watch.data.u64 = (ulong)tag;
        if (epoll_ctl(epoll, LibC.EPOLL_CTL_ADD, socket, ref watch) < 0) throw new IOException($"epoll_ctl: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>How many of <paramref name="events"/> were filled: 0 after the timeout, on EINTR, or once the set is closed.</summary>
    public static int Wait(SafeFileHandle epoll, epoll_event[] events, int milliseconds)
    {
        var ready = epoll_wait(epoll, events, events.Length, milliseconds);
        return ready < 0 ? 0 : ready;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_ctl(SafeFileHandle epfd, int op, SafeHandle fd, ref epoll_event watch);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_wait(SafeFileHandle epfd, [Out] epoll_event[] events, int maxevents, int timeout);
}
