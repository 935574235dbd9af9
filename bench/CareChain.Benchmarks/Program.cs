using BenchmarkDotNet.Running;
using CareChain.Benchmarks.Crypto;
using CareChain.Benchmarks.Ledger;

if (args is ["ckks-values", var path])
{
    return CkksValuesCommand.Run(path);
}

BenchmarkSwitcher.FromAssembly(typeof(MerkleProofBenchmarks).Assembly).Run(args);
return 0;
