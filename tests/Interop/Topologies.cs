// A topology's namespaces have fixed names, so the tests on one topology run one at a time, in one
// xunit collection: the kit's (VpncTests: netns cli, hub, lan and the tests' l2lnat), the lab's
// (LabTests: asaemu-lab-*) and a site pair's (SitePair: b2b-*). The three share no namespace, claim,
// port or state directory, so their collections run beside each other, one thread each (their tests
// mostly wait on peers and timers); the kit's, the longest, sets the run's length and must not wait
// for a thread. A test class outside these three collections would be a collection of its own, run
// beside the kit's tests on the same namespaces: TopologyCollectionTests fails for it.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 3)]
