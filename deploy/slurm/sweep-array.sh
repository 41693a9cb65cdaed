#!/bin/bash
# A HedgeLab sweep as a Slurm job array: array task k runs shard k of N.
#
# Submit from the project root (with `hedgelab` built: swift build -c release):
#   sbatch deploy/slurm/sweep-array.sh
# after it finishes (or chained: sbatch --dependency=afterok:<jobid> …):
#   .build/release/hedgelab merge results/merged results/shard-*
#
# --array=0-7 gives SLURM_ARRAY_TASK_ID 0 … 7 and SLURM_ARRAY_TASK_COUNT 8, passed as
# --shard ID/COUNT. Re-submitting a failed task (sbatch --array=3 …) resumes it: its database
# copy keeps the points it finished.
#SBATCH --job-name=hedgelab-sweep
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=02:00:00
#SBATCH --output=results/logs/sweep-%A-%a.log
set -euo pipefail

HEDGELAB=${HEDGELAB:-.build/release/hedgelab}
SCENARIO=${SCENARIO:-Scenarios/spx-protective-put.yaml}
DATABASE=${DATABASE:-market.sqlite}
shard=${SLURM_ARRAY_TASK_ID:?run me with sbatch --array}
shards=${SLURM_ARRAY_TASK_COUNT:?run me with sbatch --array}
out=results/shard-$shard
mkdir -p "$out" results/logs

# One database copy per shard: SQLite files must not be written by several nodes over a
# network file system. The copy also keeps the shard's finished points for resuming.
[ -f "$out/sweep.sqlite" ] || cp "$DATABASE" "$out/sweep.sqlite"

exec "$HEDGELAB" sweep "$SCENARIO" \
  --db "$out/sweep.sqlite" --out "$out" \
  --shard "$shard/$shards" --threads "${SLURM_CPUS_PER_TASK:-2}" --progress \
  --grid 'programs.put-95-monthly.rules[0].strike=0.80:1.00:0.01' \
  --grid 'programs.put-95-monthly.rules[0].tenor-days=30,61,91,182'
