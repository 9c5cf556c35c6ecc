import { defineConfig } from 'vitest/config';

/**
 * `npm run test:image` (docs/deploy.md, "Building and checking the image locally"): builds
 * the Containerfile on local base images with podman and runs the image as a cluster would.
 * Not part of `npm test`: a build takes minutes and needs root, podman and debootstrap.
 */
export default defineConfig({
  test: {
    include: ['test/image/**/*.test.ts'],
    testTimeout: 240_000,
    // The build: local bases (debootstrap, once) and the two-stage image.
    hookTimeout: 1_500_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
