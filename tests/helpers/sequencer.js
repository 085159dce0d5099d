// Two workers run every layer's files at once (jest.config.js). The tarball's file starts first:
// its npm install takes minutes, mostly waiting on the network and the compiler, and started last
// it would run alone while the other worker sits idle. The rest go as Jest orders them (the
// slowest of the last run first, by size on a fresh clone).
const Sequencer = require('@jest/test-sequencer').default;

const isTarball = (test) => test.context.config.displayName?.name === 'tarball';

class TarballFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter(isTarball), ...sorted.filter((test) => !isTarball(test))];
  }
}

module.exports = TarballFirst;
