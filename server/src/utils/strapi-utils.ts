import { createRequire } from 'node:module';
import path from 'node:path';

import type * as StrapiUtils from '@strapi/utils';

/*
 * `@strapi/utils`, as Strapi itself loads it. Strapi tells its errors apart with `instanceof`, so a
 * ValidationError made from any other copy of the package reaches the client as a 500. And a site
 * can hold several copies: each Strapi release pins its own exact `@strapi/utils`, while npm
 * installs a plugin's range (peer or not) at the newest version it can find, next to them. So the
 * plugin never imports `@strapi/utils` at run time (ESLint refuses it; types are fine): it asks for
 * the copy `@strapi/core` resolves, the one whose classes Strapi's error middleware checks, along
 * dependencies each package declares (plugin → @strapi/strapi → @strapi/core), as npm, yarn and
 * pnpm lay them out.
 */

// The CommonJS build, which Strapi loads, starts from the plugin's own folder. The ES module build
// has no require and starts from the app's folder, where Strapi runs.
const fromPlugin =
  typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'package.json'));
const fromStrapi = createRequire(fromPlugin.resolve('@strapi/strapi'));
const fromCore = createRequire(fromStrapi.resolve('@strapi/core'));
const utils = fromCore('@strapi/utils') as typeof StrapiUtils;

export const { async, contentTypes, errors, template, validateZodSchema, z } = utils;

/** "Firefox on Linux" from a User-Agent; only in @strapi/utils 5.50 and later. */
export const getDeviceName = (utils as Partial<typeof StrapiUtils>).getDeviceName;
