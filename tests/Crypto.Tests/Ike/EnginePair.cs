using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// Two engines back to back in one process (architecture principle 1): an EzVPN client (the engine
/// as initiator, <see cref="IkeEngine.Connect"/>) and the headend, wired by a network that delivers
/// each datagram as sent (each side sees its own addresses) unless a test drops it, and a clock the
/// test moves. What each side did is kept: events, datagrams, SA pairs installed and removed.
/// </summary>
public sealed class EnginePair
{
    public static readonly IPEndPoint Headend500 = new(IPAddress.Parse("198.18.0.1"), 500);
    public static readonly IPEndPoint Client500 = new(IPAddress.Parse("198.18.0.2"), 500);
    public static readonly DateTimeOffset Start = AggressiveModeExchangeTests.Now;

    public sealed class Side(string name, IkeEngine engine, AsaConfig config)
    {
        public string Name { get; } = name;
        public IkeEngine Engine { get; } = engine;
        public AsaConfig Config { get; set; } = config;
        public List<AsaEvent> Events { get; } = [];
        public List<ChildSa> Installed { get; } = [];
        public List<ChildSa> Receiving { get; } = [];
        public List<ChildSa> Removed { get; } = [];
        public List<IkeDatagram> Sent { get; } = [];
        /// <summary>Accounting records the side sent.</summary>
        public List<AccountingRecord> Accounting { get; } = [];
        /// <summary>AAA work handed out and not answered yet.</summary>
        public Queue<AaaWork> PendingAaa { get; } = new();
        /// <summary>Answers the side's AAA work as it comes (the AAA service); null: the work waits in <see cref="PendingAaa"/>.</summary>
        public Func<AaaWork, AaaResult>? Aaa { get; set; }
        public IkeSa Sa => Assert.Single(Engine.Sas);

        internal void Take(IkeOutputs outputs, Queue<IkeDatagram> wire)
        {
            Accounting.AddRange(outputs.Accounting);
            foreach (var work in outputs.AaaWork) PendingAaa.Enqueue(work);
            Events.AddRange(outputs.Events);
            Installed.AddRange(outputs.Installed);
            Receiving.AddRange(outputs.Receiving);
            Removed.AddRange(outputs.Removed);
            Sent.AddRange(outputs.Datagrams);
            foreach (var d in outputs.Datagrams) wire.Enqueue(d);
        }
    }

    private readonly Queue<IkeDatagram> _toHeadend = new(), _toClient = new();

    /// <summary>Two sites (LAN-to-LAN): <see cref="Client"/> is site A, which starts, <see cref="Headend"/> site B.</summary>
    public static EnginePair Sites(string siteA, string siteB)
    {
        var pair = new EnginePair("");
        pair.Client.Config = LoadSite(siteA);
        pair.Headend.Config = LoadSite(siteB);
        return pair;
    }

    private static AsaConfig LoadSite(string text)
    {
        var result = ConfigLoader.Load(text);
        Assert.Equal(0, result.Errors);
        return result.Config;
    }

    public EnginePair(string headendConfig = "", RemoteAccessProfile? profile = null)
    {
        var config = headendConfig.Length == 0 ? AggressiveModeExchangeTests.Load() : ConfigLoader.Load(headendConfig, start: AggressiveModeExchangeTests.Load()).Config;
        Headend = new Side("headend", new IkeEngine(new SeededRandom(1)), config);
        Client = new Side("client", new IkeEngine(new SeededRandom(2)), ConfigLoader.Load("").Config);
        Profile = profile ?? new RemoteAccessProfile(Client500, Headend500, "EZ", "cisco", "cisco", "cisco");
    }

    public Side Headend { get; }
    public Side Client { get; }
    public RemoteAccessProfile Profile { get; }
    public DateTimeOffset Now { get; private set; } = Start;

    /// <summary>Drops datagrams whose predicate is true on their way (the sending side, the datagram).</summary>
    public Func<Side, IkeDatagram, bool> Drop { get; set; } = (_, _) => false;

    /// <summary>The client starts, and the two talk until neither has anything more to say.</summary>
    public EnginePair Connect()
    {
        Client.Take(Client.Engine.Connect(Profile, Client.Config, Now), _toHeadend);
        return Run();
    }

    /// <summary>Delivers what is in flight, both ways, until the wire is quiet.</summary>
    public EnginePair Run()
    {
        for (var step = 0; step < 1000 && (_toHeadend.Count > 0 || _toClient.Count > 0 || Headend.Aaa is not null && Headend.PendingAaa.Count > 0); step++)
        {
            if (Headend.Aaa is { } aaa && Headend.PendingAaa.TryDequeue(out var work))
                Headend.Take(Headend.Engine.AaaCompleted(work, aaa(work), Headend.Config, Now), _toClient);
            if (_toHeadend.TryDequeue(out var up) && !Drop(Client, up))
                Headend.Take(Headend.Engine.Receive(Turned(up), Headend.Config, Now), _toClient);
            if (_toClient.TryDequeue(out var down) && !Drop(Headend, down))
                Client.Take(Client.Engine.Receive(Turned(down), Client.Config, Now), _toHeadend);
        }
        return this;
    }

    /// <summary>Answers the headend's oldest AAA work with <paramref name="result"/>, then the conversation goes on.</summary>
    public EnginePair CompleteAaa(AaaResult result)
    {
        var work = Headend.PendingAaa.Dequeue();
        Headend.Take(Headend.Engine.AaaCompleted(work, result, Headend.Config, Now), _toClient);
        return Run();
    }

    /// <summary>Moves the clock to <paramref name="at"/>: each side's timers run, then what they sent is delivered.</summary>
    public EnginePair At(DateTimeOffset at)
    {
        Now = at;
        Headend.Take(Headend.Engine.Tick(Headend.Config, Now), _toClient);
        Client.Take(Client.Engine.Tick(Client.Config, Now), _toHeadend);
        return Run();
    }

    /// <summary>What one side does on its own (a clear command), then the conversation it starts.</summary>
    public EnginePair Do(Side side, Func<IkeEngine, AsaConfig, DateTimeOffset, IkeOutputs> action)
    {
        side.Take(action(side.Engine, side.Config, Now), side == Headend ? _toClient : _toHeadend);
        return Run();
    }

    /// <summary>Both sides act in the same instant (traffic on both LANs at once), then the conversation their messages start.</summary>
    public EnginePair Together(Func<Side, IkeOutputs> action)
    {
        Client.Take(action(Client), _toHeadend);
        Headend.Take(action(Headend), _toClient);
        return Run();
    }

    /// <summary>A datagram as its receiver sees it: the sender's remote is the receiver's local.</summary>
    private static IkeDatagram Turned(IkeDatagram sent) => sent with { Local = sent.Remote, Remote = sent.Local };
}
