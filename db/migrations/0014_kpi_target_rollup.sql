CREATE TYPE "public"."target_rollup" AS ENUM('sum', 'last', 'average');--> statement-breakpoint
ALTER TABLE "kpis" ADD COLUMN "target_rollup" "target_rollup";