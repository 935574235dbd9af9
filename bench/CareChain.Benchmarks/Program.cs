using BenchmarkDotNet.Running;
using CareChain.Benchmarks.Ledger;

BenchmarkSwitcher.FromAssembly(typeof(MerkleProofBenchmarks).Assembly).Run(args);
