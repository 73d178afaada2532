import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@cp/auth';
import { ProjectionsService } from './projections.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionsController {
  constructor(private readonly projections: ProjectionsService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The read models of reporting' })
  list() {
    return { items: this.projections.names() };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Rebuild a read model from the topics into a shadow table and swap it in' })
  rebuild(@Param('name') name: string) {
    return this.projections.start(name);
  }

  @Get(':name/rebuild')
  @Roles('admin')
  @ApiOperation({ summary: 'Progress of the last rebuild of a read model' })
  progress(@Param('name') name: string) {
    return this.projections.progress(name);
  }
}
