using System.CommandLine;

namespace AsaEmu.Shell.Lab;

/// <summary>
/// <c>asaemu lab [--scenario NAME] [--script FILE]</c>, and the hidden <c>lab appliance</c> that the lab
/// runs inside its ASA namespace. Both actions are synchronous on purpose: they handle SIGINT and
/// SIGTERM themselves, so System.CommandLine's 2-second termination timeout never cuts their
/// clean-up short.
/// </summary>
public static class LabCommand
{
    public static Command Create()
    {
        var scenario = ScenarioOption();
        var script = new Option<string?>("--script")
        {
            Description = "Run these CLI commands on the ASA's console instead of the terminal, then leave the lab " +
                "('lab wait-tunnel [SECONDS]' waits for phase 2)",
            HelpName = "FILE",
        };
        var lab = new Command("lab",
            "As root: the EzVPN lab of TAC note 113595 live. Builds network namespaces, runs this ASA with the debugs at 127 " +
            "and a real vpnc against it, and gives you the ASA's console. Removes everything on exit.")
        {
            scenario, script, ApplianceCommand(),
        };
        lab.SetAction(parse => LabRunner.Run(new LabOptions(LabScenario.Find(parse.GetValue(scenario)!), parse.GetValue(script)),
            parse.InvocationConfiguration.Error));
        return lab;
    }

    private static Option<string> ScenarioOption()
    {
        var option = new Option<string>("--scenario")
        {
            Description = "The variant to run (the lab's banner says what each one shows): " + string.Join(", ", LabScenario.Names),
            HelpName = "NAME",
            DefaultValueFactory = _ => LabScenario.DefaultName,
        };
        option.AcceptOnlyFromAmong([.. LabScenario.Names]);
        return option;
    }

    private static Command ApplianceCommand()
    {
        var state = new Option<string>("--state") { Required = true };
        var scenario = ScenarioOption();
        var script = new Option<string?>("--script");
        var parent = new Option<int>("--parent");
        var command = new Command("appliance", "The lab's ASA, run by 'asaemu lab' inside its namespace") { Hidden = true };
        command.Options.Add(state);
        command.Options.Add(scenario);
        command.Options.Add(script);
        command.Options.Add(parent);
        command.SetAction((parse, _) => LabAppliance.RunAsync(
            new LabApplianceOptions(parse.GetValue(state)!, LabScenario.Find(parse.GetValue(scenario)!), parse.GetValue(script), parse.GetValue(parent)),
            parse.InvocationConfiguration.Error));
        return command;
    }
}
