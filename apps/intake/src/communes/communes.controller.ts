import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@cp/auth';
import type { Role } from '@cp/contracts';
import { CommuneCodeParamDto, SearchCommunesQueryDto } from './communes.dto';
import { CommunesService, type CommuneSearchView, type CommuneView } from './communes.service';

/** Everyone who records, refers, carries or oversees a case needs to name its commune. */
export const COMMUNE_READERS: Role[] = [
  'hotline_counsellor',
  'hotline_supervisor',
  'commune_worker',
  'commune_chair',
  'provincial_officer',
  'inspector',
  'admin',
];

@ApiTags('communes')
@ApiBearerAuth()
@Controller('communes')
export class CommunesController {
  constructor(private readonly communes: CommunesService) {}

  @Get()
  @Roles(...COMMUNE_READERS)
  @ApiOperation({
    summary:
      'Find the 2025 commune from what the caller says: a name without diacritics, partial or misspelt, ' +
      'a code, or a pre-2025 commune or district name (with the reason it maps there)',
  })
  search(@Query() q: SearchCommunesQueryDto): CommuneSearchView {
    return this.communes.search(q.q, { province: q.province, limit: q.limit });
  }

  @Get(':code')
  @Roles(...COMMUNE_READERS)
  @ApiOperation({ summary: 'A 2025 commune with its province and the pre-2025 communes merged into it' })
  get(@Param() p: CommuneCodeParamDto): CommuneView {
    return this.communes.get(p.code);
  }
}
