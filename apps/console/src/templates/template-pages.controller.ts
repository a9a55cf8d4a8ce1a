import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { StaffSession } from '../session/domain/staff-session';
import { Staff } from '../session/staff-page.guard';
import { StaffApi } from '../staff-api/staff-api';
import { PageRenderer } from '../views/page-renderer';

interface EmailTemplate {
  name: string;
  version: number;
  description: string;
  sampleData: Record<string, unknown>;
}

const TEMPLATES = '/api/v1/templates';
const id = (value: string) => encodeURIComponent(value);

/** The email templates, each previewed live with its sample data as the notification service renders it. */
@Controller('templates')
export class TemplatePagesController {
  constructor(
    private readonly api: StaffApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@Staff() staff: StaffSession, @Res() res: Response): Promise<void> {
    const templates = await this.api.get<EmailTemplate[]>(staff, 'notification', TEMPLATES);
    this.pages.render(res, 'templates', staff, { title: 'Email templates', navHref: '/templates', templates });
  }

  @Get(':name')
  async preview(@Staff() staff: StaffSession, @Param('name') name: string, @Res() res: Response): Promise<void> {
    const template = await this.templateNamed(staff, name);
    const email = await this.api.post<{ subject: string; text: string }>(staff, 'notification', `${TEMPLATES}/${id(template.name)}/preview`, { data: template.sampleData });
    this.pages.render(res, 'template', staff, { title: template.name, navHref: '/templates', template, email });
  }

  /** The HTML alone, for the sandboxed frame of the preview page. */
  @Get(':name/email')
  async email(@Staff() staff: StaffSession, @Param('name') name: string, @Res() res: Response): Promise<void> {
    const template = await this.templateNamed(staff, name);
    const email = await this.api.post<{ html: string }>(staff, 'notification', `${TEMPLATES}/${id(template.name)}/preview`, { data: template.sampleData });
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox");
    res.type('html').send(email.html);
  }

  private async templateNamed(staff: StaffSession, name: string): Promise<EmailTemplate> {
    const template = (await this.api.get<EmailTemplate[]>(staff, 'notification', TEMPLATES)).find((t) => t.name === name);
    if (!template) throw new NotFoundException();
    return template;
  }
}
