// The kit's namespaces (cli, hub, lan) have fixed names, and the lab's too: two interop tests at once
// would share or tear down one topology. xunit runs test classes in parallel by default; here one at a
// time, so that no test waits on another's topology (a wait that could outlast the hang timeout).
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
