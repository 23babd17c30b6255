import { Controller, Get, Header, Inject } from '@nestjs/common';
import { buildRegionalCatalogue } from '@littoral/catalogue';
import type { HubConfig } from '@littoral/config';
import { Clock } from '../common/clock.js';
import { HUB_CONFIG } from '../common/tokens.js';
import { CatalogueReader } from './catalogue.reader.js';

/** `GET /catalog.jsonld`: the whole regional catalogue as one DCAT JSON-LD document, from the database. */
@Controller()
export class CatalogJsonLdController {
  constructor(
    private readonly reader: CatalogueReader,
    private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get('catalog.jsonld')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  async catalog(): Promise<Record<string, unknown>> {
    const datasets = await this.reader.all();
    const modified = datasets.reduce<Date | null>((m, d) => (m === null || d.verifiedAt > m ? d.verifiedAt : m), null) ?? this.clock.now();
    return buildRegionalCatalogue(
      datasets.map((d) => ({ entry: d.entry, signedBy: d.signedBy, verifiedAt: d.verifiedAt })),
      {
        title: 'Littoral regional catalogue',
        description: 'Datasets on marine plastic pollution and coastal biodiversity published by the member nodes of the Littoral network, each verified against its node\'s signing key.',
        baseUrl: this.config.HUB_PUBLIC_URL ?? `http://localhost:${this.config.PORT}`,
        publisher: this.config.HUB_PUBLISHER,
        modified,
      },
    );
  }
}
